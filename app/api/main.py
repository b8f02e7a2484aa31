"""The FastAPI application: `create_app()` wires settings, the driver, error handlers and routes.

Starting the app applies nothing to the database: schema changes are `claimgraph migrate`'s job,
and `/readyz` says whether the schema is current.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from neo4j import Driver

from app import __version__
from app.api.deps import require_read_key
from app.api.errors import install_error_handlers
from app.api.middleware import BodySizeLimit, RequestGuard
from app.api.routes import articles, claims, disputes, graph, health, speakers, stats
from app.resolution import Resolver
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
        docs_url=None,  # served by _serve_docs_offline from local files instead of a CDN
        redoc_url=None,
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
    warn_on_default_secrets(settings)
    app.state.driver = driver
    app.state.owns_driver = False
    # The process's one owner of cross-article resolution state (its judge and caches).
    app.state.resolver = Resolver()

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
    app.add_middleware(RequestGuard, max_header_bytes=settings.max_header_bytes)  # outermost: added last

    app.include_router(health.router)
    # The probes under /v1 too, as every other route is (kept out of the schema: same operations).
    app.include_router(health.router, prefix="/v1", include_in_schema=False)
    # Reads are open unless configured otherwise; writes carry their own key check (deps.WriteKey).
    read_key = [Depends(require_read_key)] if settings.read_requires_key else []
    for module in (articles, claims, speakers, disputes, graph, stats):
        app.include_router(module.router, prefix="/v1", dependencies=read_key)

    _document_page_limit(app, settings.max_page_limit)
    _serve_docs_offline(app)
    return app


DOCS_ASSETS_URL = "/docs-assets"


def _serve_docs_offline(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from the files the fastapi-offline package ships: FastAPI's own
    pages load them from a CDN, which leaves a blank page on an offline machine."""
    assets = Path(fastapi_offline.__file__).resolve().parent / "static"
    app.mount(DOCS_ASSETS_URL, StaticFiles(directory=assets), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}{oauth2_redirect_url}",
            swagger_js_url=f"{root}{DOCS_ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS_URL}/favicon.png",
        )

    @app.get(oauth2_redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{DOCS_ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{DOCS_ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )


def warn_on_default_secrets(settings: Settings) -> None:
    """Outside the dev profile, a default password or write key is a warning at every start-up."""
    secrets = settings.default_secrets()
    if secrets and settings.profile != "dev":
        log.warning(
            "profile %r uses default secrets: %s. Anyone who read the README can use them: set your own.",
            settings.profile,
            ", ".join(secrets),
        )


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
