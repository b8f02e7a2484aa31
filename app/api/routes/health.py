"""`/healthz` (the process answers) and `/readyz` (Neo4j reachable, schema current)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app import __version__
from app.api.deps import Neo4jDriver
from app.api.errors import RETRY_AFTER_SECONDS, error_response, error_responses
from app.api.examples import ok
from app.api.schemas.health import Health, Readiness
from graph.db import verify
from graph.errors import SchemaOutdated
from graph.migrations import EXPECTED_SCHEMA_VERSION, check_schema

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=Health,
    summary="The process is up",
    responses=ok({"status": "ok", "version": __version__}),
)
def healthz() -> Health:
    return Health(status="ok", version=__version__)


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="Neo4j reachable and schema current",
    description="503 with `Retry-After` while Neo4j is unreachable or its schema is behind the code.",
    responses={
        **ok({"status": "ready", "neo4j": "ok", "schema_version": "0003", "expected_schema_version": "0003"}),
        **error_responses(503),
    },
)
def readyz(driver: Neo4jDriver) -> Readiness | JSONResponse:
    # Plain def: the driver calls block, so they run in the threadpool.
    verify(driver)  # GraphUnavailable -> 503 via the error handlers
    try:
        current = check_schema(driver)
    except SchemaOutdated as exc:
        return error_response(
            503, "schema_outdated", str(exc), headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
        )
    return Readiness(
        status="ready", neo4j="ok", schema_version=current, expected_schema_version=EXPECTED_SCHEMA_VERSION
    )
