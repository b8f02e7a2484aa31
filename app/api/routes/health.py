"""`/healthz` (the process answers) and `/readyz` (Neo4j reachable, schema current)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from neo4j import Driver

from app import __version__
from app.api.deps import Neo4jDriver
from app.api.errors import RETRY_AFTER_SECONDS, error_responses
from app.api.schemas.health import Health, Readiness

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


def schema_versions(driver: Driver) -> tuple[str | None, str]:
    """(current, expected) schema versions as strings; current is None on an empty graph."""
    from graph.migrations import EXPECTED_SCHEMA_VERSION, current_schema_version

    current = current_schema_version(driver)
    return (None if current is None else str(current)), str(EXPECTED_SCHEMA_VERSION)


def schema_is_current(current: str | None, expected: str) -> bool:
    if current is None:
        return False
    if current.isdigit() and expected.isdigit():
        return int(current) >= int(expected)
    return current >= expected


@router.get("/healthz", response_model=Health, summary="The process is up")
def healthz() -> Health:
    return Health(status="ok", version=__version__)


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Neo4j reachable and schema current",
    responses=error_responses(503),
)
def readyz(driver: Neo4jDriver) -> Readiness | JSONResponse:
    # Plain def: the driver calls block, so they run in the threadpool.
    driver.verify_connectivity()  # raises ServiceUnavailable -> 503 via the error handlers
    current, expected = schema_versions(driver)
    if not schema_is_current(current, expected):
        return JSONResponse(
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            content={
                "error": {
                    "code": "schema_outdated",
                    "message": (
                        f"graph schema is {current or 'absent'}, expected {expected}: "
                        "run `claimgraph migrate`"
                    ),
                }
            },
        )
    return Readiness(status="ready", neo4j="ok", schema_version=current, expected_schema_version=expected)
