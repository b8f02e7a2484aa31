"""The saved Neo4j Browser queries run against the current schema and find the seed story's dispute."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import neo4j
import pytest

from app.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

FAVORITES = PROJECT_ROOT / "browser" / "favorites"
PARAMS = {"speaker": "Sergey Lavrov", "article": "seed-rukban-2021"}


def run(driver: neo4j.Driver, path: Path) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(path.read_text(encoding="utf-8"), PARAMS)
    return [r.data() for r in records]


def test_every_saved_query_runs(neo4j_driver: neo4j.Driver, seed_posted: dict[str, Any]) -> None:
    files = sorted(FAVORITES.glob("*.cypher"))
    assert len(files) == 5
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("// "), f"{path.name} needs a name comment"
        assert run(neo4j_driver, path), f"{path.name} returned nothing with the seed article loaded"


def test_speaker_query_finds_palladino_disputing_lavrov(
    neo4j_driver: neo4j.Driver, seed_posted: dict[str, Any]
) -> None:
    rows = run(neo4j_driver, FAVORITES / "1-speaker-claims-and-disputers.cypher")
    opponents = {r["opponent"]["name"] for r in rows if r["opponent"] is not None}
    assert "Robert Palladino" in opponents


def test_who_disputes_whom_has_the_seed_pair(neo4j_driver: neo4j.Driver, seed_posted: dict[str, Any]) -> None:
    rows = run(neo4j_driver, FAVORITES / "4-who-disputes-whom.cypher")
    assert {"disputer": "Robert Palladino", "disputed": "Sergey Lavrov", "disputes": 1} in rows


def test_every_style_sheet_caption_is_a_property_the_graph_holds(
    neo4j_driver: neo4j.Driver, seed_posted: dict[str, Any]
) -> None:
    """A caption naming a property the graph does not store is an empty label on every element."""
    grass = (PROJECT_ROOT / "browser" / "claimgraph.grass").read_text(encoding="utf-8")
    captions = re.findall(r"(node|relationship)\.(\w+)\s*\{[^}]*?caption:\s*\"\{(\w+)\}\"", grass)
    assert ("relationship", "REPORTS", "cue") in captions
    for kind, name, prop in captions:
        query = (
            "MATCH (n) WHERE $name IN labels(n) AND n[$prop] IS NOT NULL RETURN count(*) AS n"
            if kind == "node"
            else "MATCH ()-[r]->() WHERE type(r) = $name AND r[$prop] IS NOT NULL RETURN count(*) AS n"
        )
        records, _, _ = neo4j_driver.execute_query(query, name=name, prop=prop)
        assert records[0]["n"] > 0, f"the style sheet captions {kind} {name} with {prop!r}, never stored"
