"""Driver failures surface as graph.errors with a message naming the cause, not a driver traceback."""

from __future__ import annotations

import socket

import neo4j
import pytest

from app.settings import Settings
from graph import db, reader
from graph.errors import GraphConstraintError, GraphUnavailable
from tests.integration.graph_helpers import new_token

pytestmark = pytest.mark.integration


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens there


def test_unreachable_server_is_graph_unavailable_naming_the_uri() -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    driver = db.create_driver(Settings(neo4j_uri=uri), connection_timeout=3, retry_time=1.0)
    try:
        with pytest.raises(GraphUnavailable) as info:
            db.verify(driver)
        assert info.value.uri == uri
        assert str(info.value).startswith(f"Neo4j at {uri} is unreachable")
        assert "claimgraph neo4j start" in str(info.value)
        with pytest.raises(GraphUnavailable, match=uri):  # the same through a reader
            reader.stats(driver)
    finally:
        driver.close()


def test_wrong_password_is_graph_unavailable_naming_credentials(neo4j_settings: Settings) -> None:
    s = neo4j_settings
    bad = Settings(neo4j_uri=s.neo4j_uri, neo4j_user=s.neo4j_user, neo4j_password="not-the-password")
    driver = db.create_driver(bad)
    try:
        with pytest.raises(GraphUnavailable, match="refused the credentials") as info:
            db.verify(driver)
        assert s.neo4j_uri in str(info.value)
    finally:
        driver.close()


def test_constraint_violation_names_the_constraint(neo4j_driver: neo4j.Driver) -> None:
    cid = f"clm_{new_token()}"

    def create(tx: neo4j.ManagedTransaction) -> None:
        # Test-only Cypher: CREATE (not MERGE) twice is the only way to break the id constraint.
        tx.run("CREATE (:Claim {id: $id, text: 'x'})", id=cid).consume()

    db.write(neo4j_driver, create)
    try:
        with pytest.raises(GraphConstraintError) as info:
            db.write(neo4j_driver, create)
        assert (
            info.value.constraint == "claim_id"
            and info.value.label == "Claim"
            and info.value.property == "id"
        )
        assert "constraint `claim_id`" in str(info.value) and cid in str(info.value)
    finally:
        db.write(neo4j_driver, lambda tx: tx.run("MATCH (c:Claim {id: $id}) DELETE c", id=cid).consume())
