from __future__ import annotations

from pathlib import Path

import pytest
from neo4j_python_migrations.migration import CypherMigration, Migration

from graph import migrations
from graph.db import constraint_error
from graph.errors import MigrationError


def _write(d: Path, name: str, text: str) -> None:
    (d / name).write_text(text, encoding="utf-8")


def _applied(ms: list[Migration]) -> list[Migration]:
    """What the graph would hold after applying `ms` (the tool stores the base Migration fields)."""
    return [Migration.from_other(m) for m in ms]


def test_project_migrations_load_in_order_and_match_expected_version() -> None:
    local = migrations.load_migrations()
    assert [m.version for m in local][:3] == ["0001", "0002", "0003"]
    assert local[-1].version == migrations.EXPECTED_SCHEMA_VERSION
    assert all(isinstance(m, CypherMigration) and m.statements for m in local)
    assert len(local[0].statements) == 4  # the four id constraints


def test_checksum_changes_with_a_statement_not_with_trailing_whitespace(tmp_path: Path) -> None:
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.a);\n")
    before = migrations.load_migrations(tmp_path)[0].checksum
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.a);\n\n\n")
    assert migrations.load_migrations(tmp_path)[0].checksum == before
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.b);\n")
    assert migrations.load_migrations(tmp_path)[0].checksum != before


def test_plan_pending_and_noop(tmp_path: Path) -> None:
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.a);")
    _write(tmp_path, "V0002__b.cypher", "CREATE INDEX b IF NOT EXISTS FOR (n:X) ON (n.b);")
    local = migrations.load_migrations(tmp_path)
    assert [m.version for m in migrations.check_plan(local, [])] == ["0001", "0002"]
    assert [m.version for m in migrations.check_plan(local, _applied(local[:1]))] == ["0002"]
    assert migrations.check_plan(local, _applied(local)) == []


def test_plan_refuses_a_changed_applied_file_naming_it(tmp_path: Path) -> None:
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.a);")
    applied = _applied(migrations.load_migrations(tmp_path))
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.changed);")
    with pytest.raises(
        MigrationError, match=r"V0001__a\.cypher \(version 0001\) was changed after it was applied"
    ):
        migrations.check_plan(migrations.load_migrations(tmp_path), applied)


def test_plan_refuses_missing_and_out_of_order_files(tmp_path: Path) -> None:
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.a);")
    _write(tmp_path, "V0003__c.cypher", "CREATE INDEX c IF NOT EXISTS FOR (n:X) ON (n.c);")
    applied = _applied(migrations.load_migrations(tmp_path))
    (tmp_path / "V0001__a.cypher").unlink()
    _write(tmp_path, "V0002__b.cypher", "CREATE INDEX b IF NOT EXISTS FOR (n:X) ON (n.b);")
    with pytest.raises(MigrationError) as info:
        migrations.check_plan(migrations.load_migrations(tmp_path), applied)
    msg = str(info.value)
    assert "version 0001 (V0001__a.cypher) is applied in the graph but its file is gone" in msg
    assert (
        "V0002__b.cypher (version 0002) was never applied but is older than the applied version 0003" in msg
    )


def test_malformed_files_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.a)")
    with pytest.raises(MigrationError, match=r"V0001__a\.cypher: text after the last ';'"):
        migrations.load_migrations(tmp_path)
    (tmp_path / "V0001__a.cypher").unlink()
    _write(tmp_path, "V1-a.cypher", "RETURN 1;")
    with pytest.raises(MigrationError, match=r"V1-a\.cypher: not named"):
        migrations.load_migrations(tmp_path)
    with pytest.raises(MigrationError, match="does not exist"):
        migrations.load_migrations(tmp_path / "nope")


def test_semicolon_in_a_comment_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "V0001__a.cypher", "// one; two\nCREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.a);\n")
    with pytest.raises(MigrationError, match=r"V0001__a\.cypher: a ';' inside a // comment"):
        migrations.load_migrations(tmp_path)


def test_comment_after_last_statement_is_fine(tmp_path: Path) -> None:
    _write(tmp_path, "V0001__a.cypher", "CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.a);\n// the end\n")
    assert len(migrations.load_migrations(tmp_path)[0].statements) == 1


def test_constraint_error_names_the_constraint() -> None:
    err = constraint_error("Node(12) already exists with label `Claim` and property `id` = 'clm_1'")
    assert err.constraint == "claim_id" and err.label == "Claim" and err.property == "id"
    assert str(err).startswith("write violates constraint `claim_id` (Claim.id is unique)")
    other = constraint_error("something else")
    assert other.constraint is None and "a schema constraint" in str(other)
