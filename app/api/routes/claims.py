"""`/v1/claims`: full-text search with filters; one claim with provenance and disputes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api import examples as ex
from app.api import readers
from app.api.deps import Neo4jDriver, Page
from app.api.errors import NotFound, error_responses
from app.api.examples import ok
from app.api.routes import json_response
from app.api.schemas.claims import ClaimList, ClaimPublic
from app.api.schemas.common import IsoDate
from graph.reader import MAX_FULLTEXT_HITS

router = APIRouter(prefix="/claims", tags=["claims"])


@router.get(
    "",
    response_model=ClaimList,
    summary="Search claims",
    description=(
        "`q` is a full-text search over claim text (English stemming); results come in a stable id order. "
        f"`q` alone considers the {MAX_FULLTEXT_HITS:,} best-scoring matches at most (a common word "
        "would otherwise read every claim holding it); with any other filter every match is considered. "
        "Filters combine with AND: `speaker` (an id from /v1/speakers, or a name resolved the way "
        "`/v1/speakers?q=` finds it; 422 when no speaker or several match), `entity` (id or name), "
        "`since`/`until` "
        "(publication dates of the asserting articles), `disputed` (true: only claims in a dispute, "
        "either side; false: only undisputed)."
    ),
    responses={**ok(ex.CLAIM_LIST), **error_responses(400, 401, 403, 422, 503)},
)
def search_claims(
    driver: Neo4jDriver,
    page: Page,
    q: Annotated[str | None, Query(max_length=500, description="Full-text query.")] = None,
    speaker: Annotated[
        str | None, Query(max_length=200, description="Speaker id (spk_...) or name, e.g. 'Sergey Lavrov'.")
    ] = None,
    entity: Annotated[str | None, Query(max_length=500, description="Entity id or name.")] = None,
    since: Annotated[IsoDate, Query(max_length=64, description="ISO 8601 date, inclusive.")] = None,
    until: Annotated[IsoDate, Query(max_length=64, description="ISO 8601 date, exclusive.")] = None,
    disputed: bool | None = None,
) -> Response:
    return json_response(
        readers.search_claims(
            driver, page, q=q, speaker=speaker, entity=entity, since=since, until=until, disputed=disputed
        )
    )


@router.get(
    "/{claim_id}",
    response_model=ClaimPublic,
    summary="One claim: every assertion with provenance, disputes both ways with evidence",
    responses={**ok(ex.CLAIM_PUBLIC), **error_responses(401, 403, 404, 503)},
)
def get_claim(claim_id: str, driver: Neo4jDriver) -> Response:
    claim = readers.get_claim(driver, claim_id)
    if claim is None:
        raise NotFound("claim", claim_id)
    return json_response(claim)
