"""The FastAPI application: `create_app()` wires settings, the driver, error handlers and routes.

Starting the app applies nothing to the database: schema changes are `claimgraph migrate`'s job,
and `/readyz` says whether the schema is current.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from neo4j import Driver
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__
from app.api.deps import require_read_key
from app.api.errors import error_response, install_error_handlers
from app.api.routes import articles, claims, disputes, graph, health, speakers, stats
from app.settings import Settings, get_settings

log = logging.getLogger(__name__)

DESCRIPTION = """\
ClaimGraph reads news articles and keeps **who asserts what** (Speaker –ASSERTS→ Claim) and
**who disputes it** (Claim –DISPUTES→ Claim) in Neo4j.

* Writes (`POST /v1/articles`, `/v1/articles/batch`) need an `X-API-Key` header
  (keys from `CLAIMGRAPH_API_KEYS`). Reads are open unless `CLAIMGRAPH_READ_REQUIRES_KEY=true`.
* Lists are cursor-paginated: `limit` (1 to `CLAIMGRAPH_MAX_PAGE_LIMIT`, 200 by default) and `cursor`;
  each page answers `{items, next_cursor}`; `next_cursor` is null on the last page. Order is stable.
* Every error answers `{"error": {"code", "message"}}` (422 adds field-level `details`);
  503 with `Retry-After` means Neo4j is unreachable.
"""


class BodySizeLimit:
    """Refuse request bodies past `limit` bytes with a 413 before the app parses them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        # Undeclared (chunked) bodies: buffer up to the limit, then replay to the app.
        if declared is None and scope.get("method") in {"POST", "PUT", "PATCH"}:
            messages: list[Message] = []
            size = 0
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request":
                    break
                size += len(message.get("body", b""))
                if size > self.limit:
                    await self._too_large(scope, receive, send)
                    return
                if not message.get("more_body", False):
                    break

            async def replay() -> Message:
                return messages.pop(0) if messages else await receive()

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            "payload_too_large",
            f"request body is larger than {self.limit} bytes (CLAIMGRAPH_MAX_REQUEST_BYTES)",
        )
        await response(scope, receive, send)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    driver: Driver | None = app.state.driver
    if driver is not None and app.state.owns_driver:
        driver.close()
        app.state.driver = None


def create_app(settings: Settings | None = None, driver: Driver | None = None) -> FastAPI:
    """Build the app. A `driver` passed in stays the caller's to close; otherwise one opens on first use."""
    settings = settings or get_settings()
    app = FastAPI(
        title="ClaimGraph API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
        openapi_tags=[
            {"name": "articles", "description": "Post articles; read them back with their triples."},
            {"name": "claims", "description": "Search claims; one claim with provenance and disputes."},
            {"name": "speakers", "description": "Speakers, their claims and their opponents."},
            {"name": "disputes", "description": "Claim-disputes-claim pairs with both speakers."},
            {"name": "graph", "description": "Neighbourhoods as {nodes, edges} for visualisation."},
            {"name": "stats", "description": "Counts."},
            {"name": "health", "description": "Liveness and readiness probes."},
        ],
    )
    app.state.settings = settings
    app.state.driver = driver
    app.state.owns_driver = False

    install_error_handlers(app)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    app.add_middleware(BodySizeLimit, limit=settings.max_request_bytes)

    app.include_router(health.router)
    # Reads are open unless configured otherwise; writes carry their own key check (deps.WriteKey).
    read_key = [Depends(require_read_key)] if settings.read_requires_key else []
    for module in (articles, claims, speakers, disputes, graph, stats):
        app.include_router(module.router, prefix="/v1", dependencies=read_key)

    _document_page_limit(app, settings.max_page_limit)
    return app


def _document_page_limit(app: FastAPI, max_limit: int) -> None:
    """Put the configured maximum `limit` into the OpenAPI schema, so clients and fuzzers see it."""
    base_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = base_openapi()
        for path_item in schema.get("paths", {}).values():
            for op in path_item.values():
                for param in op.get("parameters", []) if isinstance(op, dict) else []:
                    if param.get("name") == "limit" and param.get("in") == "query":
                        param["schema"]["maximum"] = max_limit
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
