"""`/v1/stats`: what the graph holds."""

from __future__ import annotations

from fastapi import APIRouter

from app.api import examples as ex
from app.api import readers
from app.api.deps import Neo4jDriver
from app.api.errors import error_responses
from app.api.examples import ok
from app.api.schemas.stats import Stats

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get(
    "",
    response_model=Stats,
    summary="Counts",
    responses={**ok(ex.STATS), **error_responses(401, 403, 503)},
)
def stats(driver: Neo4jDriver) -> Stats:
    return readers.stats(driver)
