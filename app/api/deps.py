"""Typed dependencies: settings, the Neo4j driver, API-key checks, pagination.

Routes declare what they need with the `Annotated` aliases at the bottom, e.g.
`def get_claim(claim_id: str, driver: Neo4jDriver) -> ...`.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import APIKeyHeader
from neo4j import Driver, GraphDatabase, NotificationMinimumSeverity

from app.api.errors import ApiError
from app.resolution import Resolver
from app.settings import Settings

log = logging.getLogger(__name__)

API_KEY_HEADER = "X-API-Key"
_api_key_scheme = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="Required for writes; for reads too when CLAIMGRAPH_READ_REQUIRES_KEY=true.",
)
_driver_lock = threading.Lock()


def open_driver(settings: Settings) -> Driver:
    """A driver that fails fast: an unreachable server should become a quick 503, not a 30 s hang.

    Server notifications are off: API clients never see them, and the driver would otherwise log a
    warning per request for queries naming a relationship type the graph does not hold yet."""
    return GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=5.0,
        connection_acquisition_timeout=10.0,
        max_transaction_retry_time=2.0,
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


# The dependencies below never block, so they are `async def`: FastAPI runs a plain `def` dependency in
# the threadpool, one thread hop per dependency per request.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_driver(request: Request) -> Driver:
    """The app's driver, opened on first use (opening does not connect, so startup never blocks)."""
    app: FastAPI = request.app
    driver: Driver | None = app.state.driver
    if driver is None:
        with _driver_lock:
            if app.state.driver is None:
                app.state.driver = open_driver(app.state.settings)
                app.state.owns_driver = True
            driver = app.state.driver
    assert driver is not None
    return driver


async def get_resolver(request: Request) -> Resolver:
    """The app's Resolver, built once at create_app (the owner of resolution state)."""
    resolver: Resolver = request.app.state.resolver
    return resolver


def _check_key(key: str | None, settings: Settings) -> None:
    if not key:
        raise ApiError(
            401,
            f"this endpoint needs an API key in the {API_KEY_HEADER} header",
            headers={"WWW-Authenticate": "APIKey"},
        )
    # compare_digest against each key: no timing hint about which prefix matched. As bytes: the header
    # arrives latin-1 decoded, and compare_digest refuses str holding non-ASCII characters.
    given = key.encode("utf-8")
    if not any(secrets.compare_digest(given, k.encode("utf-8")) for k in settings.api_key_set):
        raise ApiError(403, f"the {API_KEY_HEADER} given is not valid")


async def require_write_key(
    settings: Annotated[Settings, Depends(get_settings)],
    key: Annotated[str | None, Security(_api_key_scheme)] = None,
) -> None:
    _check_key(key, settings)


async def require_read_key(
    settings: Annotated[Settings, Depends(get_settings)],
    key: Annotated[str | None, Security(_api_key_scheme)] = None,
) -> None:
    if settings.read_requires_key:
        _check_key(key, settings)


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


async def page_params(
    settings: Annotated[Settings, Depends(get_settings)],
    limit: Annotated[
        int,
        Query(ge=1, description="Page size: 1 to CLAIMGRAPH_MAX_PAGE_LIMIT (200 unless configured)."),
    ] = 50,
    cursor: Annotated[
        str | None,
        Query(max_length=512, description="Opaque cursor from a previous page's `next_cursor`."),
    ] = None,
) -> PageParams:
    if limit > settings.max_page_limit:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "limit"),
                    "msg": f"limit must be at most {settings.max_page_limit}",
                    "type": "less_than_equal",
                    "input": limit,
                }
            ]
        )
    return PageParams(limit=limit, cursor=cursor or None)


SettingsDep = Annotated[Settings, Depends(get_settings)]
Neo4jDriver = Annotated[Driver, Depends(get_driver)]
ResolverDep = Annotated[Resolver, Depends(get_resolver)]
Page = Annotated[PageParams, Depends(page_params)]
WriteKey = Depends(require_write_key)
