"""`/v1/disputes`: each dispute with both claims and both speakers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api import examples as ex
from app.api import readers
from app.api.deps import Neo4jDriver, Page
from app.api.errors import error_responses
from app.api.examples import ok
from app.api.routes import json_response
from app.api.schemas.common import IsoDate
from app.api.schemas.disputes import DisputeList

router = APIRouter(prefix="/disputes", tags=["disputes"])


@router.get(
    "",
    response_model=DisputeList,
    summary="List disputes",
    description="Filter by `speaker` (id; either side) and `since` (ISO date of the article that holds it).",
    responses={**ok(ex.DISPUTE_LIST), **error_responses(400, 401, 403, 422, 503)},
)
def list_disputes(
    driver: Neo4jDriver,
    page: Page,
    speaker: Annotated[str | None, Query(max_length=200, description="Speaker id, either side.")] = None,
    since: Annotated[IsoDate, Query(max_length=64, description="ISO 8601 date, inclusive.")] = None,
) -> Response:
    return json_response(readers.list_disputes(driver, page, speaker=speaker, since=since))
