"""Schema migrations: ordered Cypher files in `migrations/`, applied once, recorded in the graph.

We use the PyPI tool `neo4j-python-migrations` (the neo4j-migrations file convention `V0001__name.cypher`
and its chain of `(:__Neo4jMigration)-[:MIGRATED_TO]->` nodes carrying version, description, source
file and a CRC32 checksum of the statements). It works with the 6.x driver. This module wraps it for
what the tool leaves out:

- its refusal of a changed applied file says only "errors were found"; `check_plan()` names each file
  and the reason (changed checksum, applied but gone, never applied but older than the applied tip);
- it splits files on ';' (also inside comments) and silently drops text after the last ';' —
  `load_migrations()` refuses such a file, and any `.cypher` file whose name does not follow the
  convention (the tool would skip it);
- the API must refuse an old schema: `current_schema_version()`, `EXPECTED_SCHEMA_VERSION`,
  `check_schema()`;
- driver errors become `graph.errors` (GraphUnavailable names the URI).

Each migration file runs in one transaction; write only schema statements (`... IF NOT EXISTS`) in a
file, so a re-application after a data wipe is harmless (V0005 is the one data file: an idempotent
backfill). A vector index on Claim.embedding is left for a later migration once embeddings are stored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j_python_migrations import analyzer, loader
from neo4j_python_migrations.analyzer import InvalidVersionStatus
from neo4j_python_migrations.dao import MigrationDAO
from neo4j_python_migrations.executor import Executor
from neo4j_python_migrations.migration import Migration
from packaging.version import Version

from app.settings import PROJECT_ROOT
from graph import queries as q
from graph.db import database_name, session, translate_errors, uri_of
from graph.errors import MigrationError, SchemaOutdated

log = logging.getLogger(__name__)

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
# The schema version this code needs; bump together with a new migration file (a unit test checks).
EXPECTED_SCHEMA_VERSION = "0006"

_NAME = re.compile(r"^V(\d+(?:_\d+)*|\d+(?:\.\d+)*)__([\w ]+)\.cypher$")
_LINE_COMMENT = re.compile(r"//[^\n]*")


@dataclass(frozen=True)
class MigrationState:
    version: str
    description: str
    source: str | None
    checksum: str | None
    state: str  # applied | pending | changed | missing_file | out_of_order


@dataclass(frozen=True)
class MigrateReport:
    applied: list[str]
    current: str | None


def load_migrations(path: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files of `path`, ordered by version; MigrationError on a malformed file."""
    if not path.is_dir():
        raise MigrationError(f"migrations folder {path} does not exist")
    for f in sorted(path.glob("*.cypher")):
        if not _NAME.match(f.name):
            raise MigrationError(
                f"{f.name}: not named V<version>__<description>.cypher, so it would be skipped"
            )
        text = f.read_text(encoding="utf-8")
        if any(";" in c for c in _LINE_COMMENT.findall(text)):
            raise MigrationError(f"{f.name}: a ';' inside a // comment would split a statement; remove it")
        tail = _LINE_COMMENT.sub("", text.rsplit(";", 1)[-1]).strip()
        if tail:
            raise MigrationError(
                f"{f.name}: text after the last ';' would be ignored; end every statement with ';'"
            )
    try:
        return loader.load(path)
    except ValueError as exc:  # duplicate versions
        raise MigrationError(f"{path}: {exc}") from exc


def check_plan(local: list[Migration], applied: list[Migration]) -> list[Migration]:
    """The pending migrations, or MigrationError naming every file that breaks the applied chain."""
    result = analyzer.analyze(local, applied)
    if not result.invalid_versions:
        return result.pending_migrations
    by_version_local = {m.version: m for m in local}
    by_version_applied = {m.version: m for m in applied}
    problems = []
    for inv in result.invalid_versions:
        mine, theirs = by_version_local.get(inv.version), by_version_applied.get(inv.version)
        if inv.status is InvalidVersionStatus.DIFFERENT and mine and theirs:
            what = []
            if mine.checksum != theirs.checksum:
                what.append(f"checksum in graph {theirs.checksum}, file now {mine.checksum}")
            if mine.source != theirs.source:
                what.append(f"applied as {theirs.source}")
            if mine.description != theirs.description:
                what.append(f"applied with description {theirs.description!r}")
            problems.append(
                f"{mine.source} (version {inv.version}) was changed after it was applied "
                f"({'; '.join(what)}); "
                "restore the file and put the change in a new migration"
            )
        elif inv.status is InvalidVersionStatus.MISSED_LOCALLY and theirs:
            problems.append(
                f"version {inv.version} ({theirs.source}) is applied in the graph but its file is gone"
            )
        elif mine:
            problems.append(
                f"{mine.source} (version {inv.version}) was never applied but is older than the applied "
                f"version {result.latest_applied_version}; give it a higher version"
            )
    raise MigrationError("migrations refused: " + " | ".join(problems))


def _dao(driver: neo4j.Driver, project: str | None) -> MigrationDAO:
    db = database_name()
    return MigrationDAO(driver, project=project, database=db, schema_database=db)


def applied_migrations(driver: neo4j.Driver, *, project: str | None = None) -> list[Migration]:
    with translate_errors(uri_of(driver)):
        return _dao(driver, project).get_applied_migrations()


def current_schema_version(driver: neo4j.Driver, *, project: str | None = None) -> str | None:
    """The version of the last applied migration, or None for a graph never migrated."""
    applied = applied_migrations(driver, project=project)
    return applied[-1].version if applied else None


def check_schema(driver: neo4j.Driver, expected: str = EXPECTED_SCHEMA_VERSION) -> str:
    """Return the graph's schema version; SchemaOutdated if it is older than `expected` (API start-up)."""
    current = current_schema_version(driver)
    if current is None or Version(current) < Version(expected):
        raise SchemaOutdated(
            f"the graph at {uri_of(driver)} has schema version {current or 'none'}, "
            f"this code needs {expected}: run `claimgraph migrate`",
            current=current,
            expected=expected,
        )
    return current


def status(
    driver: neo4j.Driver, path: Path = MIGRATIONS_DIR, *, project: str | None = None
) -> list[MigrationState]:
    """Every migration known locally or in the graph, with its state; never raises on a bad chain."""
    local = load_migrations(path)
    applied = applied_migrations(driver, project=project)
    result = analyzer.analyze(local, applied)
    invalid = {i.version: i.status for i in result.invalid_versions}
    pending = {m.version for m in result.pending_migrations}
    names = {
        InvalidVersionStatus.DIFFERENT: "changed",
        InvalidVersionStatus.MISSED_LOCALLY: "missing_file",
        InvalidVersionStatus.MISSED_REMOTELY: "out_of_order",
    }
    out = []
    for m in sorted({**{m.version: m for m in applied}, **{m.version: m for m in local}}.values()):
        state = (
            names[invalid[m.version]]
            if m.version in invalid
            else "pending"
            if m.version in pending
            else "applied"
        )
        out.append(MigrationState(m.version, m.description, m.source, m.checksum, state))
    return out


def migrate(
    driver: neo4j.Driver,
    path: Path = MIGRATIONS_DIR,
    *,
    project: str | None = None,
    await_indexes_seconds: int = 300,
) -> MigrateReport:
    """Apply the pending migrations in order; a no-op when none is pending. Refuses a broken chain."""
    local = load_migrations(path)
    db = database_name()
    with translate_errors(uri_of(driver)):
        executor = Executor(driver, path, project=project, database=db)
        executor.local_migrations = local
        pending = check_plan(local, executor.dao.get_applied_migrations())
        done: list[str] = []
        if pending:
            executor.migrate(on_apply=lambda m: done.append(m.version))
            for m in pending:
                log.info("applied migration %s (%s)", m.version, m.source)
            with session(driver) as s:
                # New indexes populate in the background; callers expect them usable on return.
                s.run(q.AWAIT_INDEXES, seconds=await_indexes_seconds).consume()
        current = current_schema_version(driver, project=project)
    return MigrateReport(applied=done, current=current)
