"""Driver and session handling, and the translation of driver errors into `graph.errors`.

Every function of `graph/` takes a `neo4j.Driver` made by `create_driver()`; sessions open on the
configured database (`CLAIMGRAPH_NEO4J_DATABASE`). Driver exceptions never leave this layer: an
unreachable server or refused credentials become `GraphUnavailable` naming the URI, a constraint
violation becomes `GraphConstraintError` naming the constraint.
"""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as nx

from app.settings import Settings, get_settings
from graph import queries as q
from graph.errors import GraphConstraintError, GraphError, GraphUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

# The driver does not expose the URI it was made with; error messages need it.
_URIS: weakref.WeakKeyDictionary[neo4j.Driver, str] = weakref.WeakKeyDictionary()

# Message shapes of Neo4j 5.x uniqueness violations, e.g.
# "Node(12) already exists with label `Claim` and property `id` = 'clm_...'".
_CONSTRAINT_MSG = re.compile(r"label `(?P<label>[^`]+)` and propert(?:y|ies) `(?P<prop>[^`]+)`")


def create_driver(
    settings: Settings | None = None, *, connection_timeout: float = 10.0, retry_time: float = 5.0
) -> neo4j.Driver:
    """A driver for the configured server. Creating it does not connect; `verify()` does.

    `retry_time` bounds how long a managed transaction is retried on transient errors (deadlocks,
    a server that went away): short, so an API request answers 503 quickly when Neo4j is down."""
    s = settings or get_settings()
    driver = neo4j.GraphDatabase.driver(
        s.neo4j_uri,
        auth=(s.neo4j_user, s.neo4j_password),
        connection_timeout=connection_timeout,
        max_transaction_retry_time=retry_time,
        # 'property key does not exist' warnings (e.g. Speaker.role before any speaker has one) are noise;
        # deprecation and performance notifications stay on.
        notifications_disabled_classifications=[neo4j.NotificationDisabledClassification.UNRECOGNIZED],
    )
    _URIS[driver] = s.neo4j_uri
    return driver


def uri_of(driver: neo4j.Driver) -> str:
    return _URIS.get(driver, get_settings().neo4j_uri)


def database_name(database: str | None = None) -> str:
    return database or get_settings().neo4j_database


@contextmanager
def translate_errors(uri: str) -> Iterator[None]:
    """Re-raise driver errors as `GraphError`s whose message names the cause."""
    try:
        yield
    except GraphError:
        raise
    except nx.AuthError as exc:
        raise GraphUnavailable(
            f"Neo4j at {uri} refused the credentials ({exc.message}); check CLAIMGRAPH_NEO4J_USER / "
            "CLAIMGRAPH_NEO4J_PASSWORD",
            uri=uri,
        ) from exc
    except (nx.ServiceUnavailable, nx.SessionExpired) as exc:
        raise GraphUnavailable(
            f"Neo4j at {uri} is unreachable ({exc}); start it with `claimgraph neo4j start` or point "
            "CLAIMGRAPH_NEO4J_URI at a running server",
            uri=uri,
        ) from exc
    except nx.DatabaseUnavailable as exc:
        raise GraphUnavailable(
            f"Neo4j at {uri}: the database is unavailable ({exc.message})", uri=uri
        ) from exc
    except nx.ConstraintError as exc:
        raise constraint_error(exc.message or str(exc)) from exc
    except nx.Neo4jError as exc:
        raise GraphError(f"Neo4j at {uri} failed: {exc.code}: {exc.message}") from exc
    except nx.DriverError as exc:
        raise GraphError(f"Neo4j driver error talking to {uri}: {exc}") from exc
    except OSError as exc:  # DNS failures and refused sockets can surface raw on some platforms
        raise GraphUnavailable(f"Neo4j at {uri} is unreachable ({exc})", uri=uri) from exc


def constraint_error(message: str) -> GraphConstraintError:
    """Name the constraint a violation message is about, from the schema's known constraints."""
    m = _CONSTRAINT_MSG.search(message)
    label = m.group("label") if m else None
    prop = m.group("prop") if m else None
    name = q.CONSTRAINTS.get((label, prop)) if label and prop else None
    what = f"constraint `{name}` ({label}.{prop} is unique)" if name else "a schema constraint"
    return GraphConstraintError(
        f"write violates {what}: {message}", constraint=name, label=label, property=prop
    )


@contextmanager
def session(driver: neo4j.Driver, database: str | None = None, **kwargs: Any) -> Iterator[neo4j.Session]:
    """A session on the configured database, with errors translated (also those raised on close)."""
    with translate_errors(uri_of(driver)), driver.session(database=database_name(database), **kwargs) as s:
        yield s


def read(
    driver: neo4j.Driver, work: Callable[[neo4j.ManagedTransaction], T], database: str | None = None
) -> T:
    """Run `work` in a managed read transaction (retried by the driver on transient errors)."""
    with session(driver, database) as s:
        return s.execute_read(work)


def write(
    driver: neo4j.Driver, work: Callable[[neo4j.ManagedTransaction], T], database: str | None = None
) -> T:
    """Run `work` in a managed write transaction: all of it commits, or none of it."""
    with session(driver, database) as s:
        return s.execute_write(work)


def verify(driver: neo4j.Driver) -> dict[str, str]:
    """Connect and authenticate now; returns the server's agent and version. Raises GraphUnavailable."""
    uri = uri_of(driver)
    with translate_errors(uri):
        driver.verify_connectivity()
        info = driver.get_server_info()
    return {"uri": uri, "agent": info.agent, "address": str(info.address)}


def wipe_data(driver: neo4j.Driver, database: str | None = None) -> int:
    """Delete every node but the migration chain (tests only): the schema stays at its version."""

    def work(tx: neo4j.ManagedTransaction) -> int:
        return int(tx.run(q.WIPE_DATA).single(strict=True)["deleted"])

    return write(driver, work, database)
