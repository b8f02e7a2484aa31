"""`/v1/graph`: neighbourhoods as `{nodes, edges}` for drawing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api import examples as ex
from app.api import readers
from app.api.deps import Neo4jDriver
from app.api.errors import NotFound, error_responses
from app.api.examples import ok
from app.api.routes import json_response
from app.api.schemas.graph import Neighbourhood
from graph.reader import NEIGHBOURHOOD_FANOUT as FANOUT
from graph.reader import NEIGHBOURHOOD_MAX_FRONTIER as MAX_FRONTIER

router = APIRouter(prefix="/graph", tags=["graph"])


@router.get(
    "/claims/{claim_id}",
    response_model=Neighbourhood,
    summary="A claim's neighbourhood",
    description=(
        "Claims, speakers, articles and entities within `depth` hops (1 to 3) of the claim, as "
        "`{nodes, edges}`. Fan-out is capped so a hop through a much-quoted speaker stays drawable: each "
        f"node contributes at most {FANOUT} DISPUTES and {FANOUT} other relationships per hop (which ones "
        f"of a larger set is unspecified), and at most {MAX_FRONTIER} new nodes of a hop are expanded by the "
        "next. "
        "Article nodes come without their text."
    ),
    responses={**ok(ex.NEIGHBOURHOOD), **error_responses(401, 403, 404, 422, 503)},
)
def claim_neighbourhood(
    claim_id: str,
    driver: Neo4jDriver,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops from the claim.")] = 1,
) -> Response:
    result = readers.claim_neighbourhood(driver, claim_id, depth)
    if result is None:
        raise NotFound("claim", claim_id)
    return json_response(result)
