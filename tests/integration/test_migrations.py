"""Migrations against the real Neo4j.

The project's own migrations are applied to the shared server (idempotent: a second run is a no-op).
Tampering is tested on a throw-away chain: a temp folder of migrations recorded under its own
`project` name (the tool keeps separate chains per project in one database), creating indexes on a
label no code uses; the chain and the indexes are removed afterwards.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph import migrations
from graph.db import session
from graph.errors import MigrationError, SchemaOutdated
from tests.integration.graph_helpers import new_token

pytestmark = pytest.mark.integration


def _schema_names(driver: neo4j.Driver) -> tuple[set[str], dict[str, str]]:
    with session(driver) as s:
        constraints = {r["name"] for r in s.run("SHOW CONSTRAINTS YIELD name RETURN name")}
        indexes = {r["name"]: r["state"] for r in s.run("SHOW INDEXES YIELD name, state RETURN name, state")}
    return constraints, indexes


def test_project_migrations_apply_once_and_rerun_is_a_noop(neo4j_driver: neo4j.Driver) -> None:
    migrations.migrate(neo4j_driver)  # whatever state the shared server was in, now it is current
    again = migrations.migrate(neo4j_driver)
    assert again.applied == [] and again.current == migrations.EXPECTED_SCHEMA_VERSION
    assert migrations.check_schema(neo4j_driver) == migrations.EXPECTED_SCHEMA_VERSION
    versions = [m.version for m in migrations.applied_migrations(neo4j_driver)]
    assert versions == [m.version for m in migrations.load_migrations()]  # each file once, in order
    assert {s.state for s in migrations.status(neo4j_driver)} == {"applied"}
    constraints, indexes = _schema_names(neo4j_driver)
    assert {"article_id", "speaker_id", "claim_id", "entity_id"} <= constraints
    for name in (
        "claim_text",
        "speaker_names",
        "article_external_id",
        "article_content_hash",
        "article_url",
        "article_published_at",
        "speaker_name",
        "asserts_article_id",
        "disputes_id",
    ):
        assert indexes.get(name) == "ONLINE", name


def test_migrate_cli_reports_up_to_date(neo4j_driver: neo4j.Driver) -> None:
    # neo4j_driver: the subprocess must find the suite's own server in its environment, not the user's.
    out = subprocess.run(
        [sys.executable, "-m", "app", "migrate"], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"schema is up to date (version {migrations.EXPECTED_SCHEMA_VERSION})"
    status = subprocess.run(
        [sys.executable, "-m", "app", "migrate", "--status"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    assert "V0001__constraints.cypher" in status.stdout and "pending" not in status.stdout


@pytest.fixture
def scratch(neo4j_driver: neo4j.Driver, tmp_path: Path) -> Iterator[tuple[Path, str, str]]:
    tok = new_token()
    project, label = f"test-{tok}", f"MigTest_{tok}"
    yield tmp_path, project, label
    with session(neo4j_driver) as s:
        # Test-only Cypher: remove the throw-away chain and its indexes.
        s.run("MATCH (m:__Neo4jMigration {project: $p}) DETACH DELETE m", p=project).consume()
        for k in (1, 2, 3):
            s.run(f"DROP INDEX mig_{tok[2:]}_{k} IF EXISTS").consume()


def _index(tmp: Path, version: str, label: str, k: int, prop: str = "a") -> None:
    tok = label.split("_", 1)[1][2:]
    (tmp / f"V{version}__index_{k}.cypher").write_text(
        f"// scratch migration {k}\n"
        f"CREATE INDEX mig_{tok}_{k} IF NOT EXISTS FOR (n:{label}) ON (n.{prop});\n",
        encoding="utf-8",
    )


def test_applied_once_rerun_noop_tampered_refused(
    neo4j_driver: neo4j.Driver, scratch: tuple[Path, str, str]
) -> None:
    tmp, project, label = scratch
    _index(tmp, "0001", label, 1)
    _index(tmp, "0002", label, 2)
    first = migrations.migrate(neo4j_driver, tmp, project=project)
    assert first.applied == ["0001", "0002"] and first.current == "0002"
    assert migrations.migrate(neo4j_driver, tmp, project=project).applied == []
    assert [m.version for m in migrations.applied_migrations(neo4j_driver, project=project)] == [
        "0001",
        "0002",
    ]

    _index(tmp, "0003", label, 3)
    assert migrations.migrate(neo4j_driver, tmp, project=project).applied == ["0003"]

    _index(tmp, "0002", label, 2, prop="changed")  # tamper with an applied file
    with pytest.raises(
        MigrationError, match=r"V0002__index_2\.cypher \(version 0002\) was changed after it was applied"
    ):
        migrations.migrate(neo4j_driver, tmp, project=project)
    states = {s.version: s.state for s in migrations.status(neo4j_driver, tmp, project=project)}
    assert states == {"0001": "applied", "0002": "changed", "0003": "applied"}
    assert migrations.current_schema_version(neo4j_driver, project=project) == "0003"


def test_tampered_project_file_refused_by_the_cli(neo4j_driver: neo4j.Driver, tmp_path: Path) -> None:
    migrations.migrate(neo4j_driver)
    for f in migrations.MIGRATIONS_DIR.glob("*.cypher"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    tampered = tmp_path / "V0001__constraints.cypher"
    tampered.write_text(tampered.read_text(encoding="utf-8").replace("a.id IS UNIQUE", "a.uid IS UNIQUE"))
    out = subprocess.run(
        [sys.executable, "-m", "app", "migrate", "--path", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 1
    assert "V0001__constraints.cypher (version 0001) was changed after it was applied" in out.stderr
    assert "Traceback" not in out.stderr
    assert migrations.current_schema_version(neo4j_driver) == migrations.EXPECTED_SCHEMA_VERSION


def test_check_schema_refuses_an_older_graph(neo4j_driver: neo4j.Driver) -> None:
    with pytest.raises(SchemaOutdated, match="run `claimgraph migrate`") as info:
        migrations.check_schema(neo4j_driver, expected="9999")
    assert info.value.expected == "9999" and info.value.current == migrations.EXPECTED_SCHEMA_VERSION
