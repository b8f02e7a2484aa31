"""`/v1/graph`: neighbourhoods as `{nodes, edges}` for drawing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api import examples as ex
from app.api import readers
from app.api.deps import Neo4jDriver
from app.api.errors import NotFound, error_responses
from app.api.examples import ok
from app.api.schemas.graph import Neighbourhood

router = APIRouter(prefix="/graph", tags=["graph"])


@router.get(
    "/claims/{claim_id}",
    response_model=Neighbourhood,
    summary="A claim's neighbourhood",
    description=(
        "Claims, speakers and articles within `depth` hops (1 to 3) of the claim, following ASSERTS and "
        "DISPUTES, as `{nodes, edges}`."
    ),
    responses={**ok(ex.NEIGHBOURHOOD), **error_responses(401, 403, 404, 422, 503)},
)
def claim_neighbourhood(
    claim_id: str,
    driver: Neo4jDriver,
    depth: Annotated[int, Query(ge=1, le=3, description="Hops from the claim.")] = 1,
) -> Neighbourhood:
    result = readers.claim_neighbourhood(driver, claim_id, depth)
    if result is None:
        raise NotFound("claim", claim_id)
    return result
