"""Offline backfill: pre-extracted articles into an EMPTY graph with `neo4j-admin database import full`.

The online loaders (graph.writer) go through Cypher transactions and reach a few thousand assertions/s
on a small box; neo4j-admin's importer writes the store files directly from CSV, with no transactions,
no Cypher and no index upkeep during the load (indexes and constraints are built once afterwards by the
migrations). It is for the first load of a large backlog:

- **the target database must be empty** (nothing but the migration chain): the import REPLACES the
  whole database (`--overwrite-destination`). `bulk_import()` checks this and refuses otherwise;
- **the server is stopped during the import** and started again after it (the local launcher's server
  only: an external server such as Aura has no neo4j-admin here);
- no cross-article resolution (paraphrase merges, cross-article disputes) beyond what the
  deterministic ids give: the same normalized claim text or speaker name is one node, as online.

The graph it produces is the one the online writer produces for the same articles (same ids from
graph.ids, same properties; `build_rows` makes both), so later online loads MERGE onto imported nodes
and re-loads of imported articles are no-ops. Property values follow the writer's Cypher exactly:
first writer wins for Claim/Entity/Speaker creation properties, speaker aliases accumulate in load
order, null values are absent properties.
"""

from __future__ import annotations

import logging
import subprocess
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import neo4j

from app.nlp.models import ArticleIn, Extraction
from app.settings import Settings
from graph import queries as q
from graph import server, writer
from graph.db import create_driver
from graph.db import session as open_session

log = logging.getLogger(__name__)

# Between array elements inside one CSV field (aliases, spans): a control character no name or span
# holds, so no escaping is needed (removed from alias strings to be sure).
ARRAY_DELIMITER = "\x1f"

# (file stem, header) per node label / relationship type. Integers are `long` and floats `double`, the
# types the Python driver sends online, so imported and online-written values compare and index alike.
NODE_HEADERS: dict[str, list[str]] = {
    "Article": [
        "id:ID(Article)",
        "external_id",
        "url",
        "title",
        "source",
        "published_at",
        "content_hash",
        "text",
        "lang",
        "ingested_at:datetime",
        "updated_at:datetime",
    ],
    "Speaker": [
        "id:ID(Speaker)",
        "name",
        "norm",
        "kind",
        "aliases:string[]",
        "aliases_text",
        "role",
        "affiliation",
        "scope_article_id",
        "created_at:datetime",
    ],
    "Claim": ["id:ID(Claim)", "text", "normalized", "lang", "created_at:datetime"],
    "Entity": ["id:ID(Entity)", "name", "label", "norm"],
}
REL_HEADERS: dict[str, list[str]] = {
    "REPORTS": [
        ":START_ID(Article)",
        ":END_ID(Claim)",
        "attribution_index:long",
        "cue",
        "quote_type",
        "source_text",
        "source_span:long[]",
        "cue_span:long[]",
        "content_span:long[]",
        "sentence:long",
        "confidence:double",
    ],
    "ASSERTS": [
        ":START_ID(Speaker)",
        ":END_ID(Claim)",
        "article_id",
        "attribution_index:long",
        "primary:boolean",
        # Copies of the end nodes' ids and the claim's dispute flag, as queries.MERGE_ASSERTS sets them
        # (the asserts_speaker_claim / asserts_in_dispute indexes).
        "speaker_id",
        "claim_id",
        "in_dispute:boolean",
    ],
    "DISPUTES": [
        ":START_ID(Claim)",
        ":END_ID(Claim)",
        "id",
        "article_id",
        "key",
        "scope",
        "i:long",
        "j:long",
        "attribution_index:long",
        "direction",
        "cue",
        "evidence",
        "confidence:double",
        "method",
    ],
    "MENTIONS": [":START_ID(Claim)", ":END_ID(Entity)"],
}


ADMIN_TOOL_CLASS = "org.neo4j.cli.AdminTool"


class BulkImportError(RuntimeError):
    """The import cannot run (non-empty graph, external server) or neo4j-admin failed."""


@dataclass
class ImportFiles:
    """The CSV files of one import and what they hold."""

    directory: Path
    counts: dict[str, int]
    skipped_duplicates: int = 0
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def assertions(self) -> int:
        return self.counts.get("ASSERTS", 0)


@dataclass
class BulkImportReport:
    files: ImportFiles
    seconds: dict[str, float]  # csv, stop, import, start, fixup (empty arrays), migrate

    @property
    def counts(self) -> dict[str, int]:
        return self.files.counts


# --- CSV -------------------------------------------------------------------------------------------


def _field(value: Any) -> str:
    """One CSV field in neo4j-admin's dialect: strings always quoted ('""' is an empty string, an
    unquoted empty field is null = no property), arrays joined by ARRAY_DELIMITER."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list):
        return '"' + ARRAY_DELIMITER.join(_array_item(x) for x in value) + '"'
    return '"' + str(value).replace('"', '""') + '"'


def _array_item(value: Any) -> str:
    if isinstance(value, str):
        return value.replace(ARRAY_DELIMITER, " ").replace('"', '""')
    return str(value)


class _Csv:
    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path = path
        self.fh: TextIO = path.open("w", encoding="utf-8", newline="")
        self.fh.write(",".join(header) + "\n")
        self.rows = 0

    def write(self, values: Iterable[Any]) -> None:
        self.fh.write(",".join(_field(v) for v in values) + "\n")
        self.rows += 1

    def close(self) -> None:
        self.fh.close()


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def write_csvs(
    items: Iterable[tuple[ArticleIn, Extraction]],
    directory: Path,
    *,
    lang: str = "en",
    now: datetime | None = None,
) -> ImportFiles:
    """Write the node and relationship CSVs for `items` into `directory` (created; files replaced).

    Rows come from graph.writer.build_rows, so ids and properties are the writer's. An article whose id
    was already written (the same article twice in the input) is skipped, as a resumed online load
    would skip it. Claims, speakers and entities are kept in memory until the end (first writer wins,
    speaker aliases accumulate); articles and relationships stream to disk.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stamp = _iso(now or datetime.now(UTC))
    out = {
        name: _Csv(directory / f"{name.lower()}.csv", header)
        for name, header in (*NODE_HEADERS.items(), *REL_HEADERS.items())
    }
    articles: set[str] = set()
    claims: dict[str, list[Any]] = {}
    speakers: dict[str, dict[str, Any]] = {}
    entities: dict[str, list[Any]] = {}
    mentions: set[tuple[str, str]] = set()
    disputed: set[str] = set()
    asserts: list[tuple[str, str, str, int, bool]] = []
    skipped = 0
    try:
        for article, extraction in items:
            rows = writer.build_rows(article, extraction, lang=lang)
            if rows.article_id in articles:
                skipped += 1
                continue
            articles.add(rows.article_id)
            a = rows.article
            out["Article"].write(
                [
                    a["id"],
                    a["external_id"],
                    a["url"],
                    a["title"],
                    a["source"],
                    a["published_at"],
                    a["content_hash"],
                    a["text"],
                    a["lang"],
                    stamp,
                    stamp,
                ]
            )
            for s in rows.speakers:
                writer.fold_speaker_row(speakers, s)
            for c in rows.claims:
                if c["id"] not in claims:
                    claims[c["id"]] = [c["id"], c["text"], c["normalized"], c["lang"], stamp]
            for r in rows.reports:
                p = r["props"]
                out["REPORTS"].write(
                    [
                        r["article_id"],
                        r["claim_id"],
                        r["attribution_index"],
                        p["cue"],
                        p["quote_type"],
                        p["source_text"],
                        p["source_span"],
                        p["cue_span"],
                        p["content_span"],
                        p["sentence"],
                        p["confidence"],
                    ]
                )
            # Held back to the end: in_dispute depends on disputes of later articles too.
            asserts.extend(
                (
                    x["speaker_id"],
                    x["claim_id"],
                    x["article_id"],
                    x["attribution_index"],
                    x["props"]["primary"],
                )
                for x in rows.asserts
            )
            for d in rows.disputes:
                p = d["props"]
                disputed.update((d["from_id"], d["to_id"]))
                out["DISPUTES"].write(
                    [d["from_id"], d["to_id"], d["id"]]
                    + [p.get(k) for k in ("article_id", "key", "scope", "i", "j", "attribution_index")]
                    + [p.get(k) for k in ("direction", "cue", "evidence", "confidence", "method")]
                )
            for m in rows.mentions:
                entities.setdefault(m["id"], [m["id"], m["name"], m["label"], m["norm"]])
                if (m["claim_id"], m["id"]) not in mentions:
                    mentions.add((m["claim_id"], m["id"]))
                    out["MENTIONS"].write([m["claim_id"], m["id"]])
        for sid, cid, aid, index, primary in asserts:
            out["ASSERTS"].write([sid, cid, aid, index, primary, sid, cid, cid in disputed])
        for row in claims.values():
            out["Claim"].write(row)
        for s in speakers.values():
            out["Speaker"].write(
                [
                    s["id"],
                    s["name"],
                    s["norm"],
                    s["kind"],
                    s["aliases"],
                    " | ".join(s["aliases"]),
                    s["role"],
                    s["affiliation"],
                    s["scope_article_id"],
                    stamp,
                ]
            )
        for row in entities.values():
            out["Entity"].write(row)
    finally:
        for f in out.values():
            f.close()
    return ImportFiles(
        directory=directory,
        counts={name: f.rows for name, f in out.items()},
        skipped_duplicates=skipped,
        files={name: f.path for name, f in out.items()},
    )


# --- neo4j-admin ------------------------------------------------------------------------------------


def import_command(
    settings: Settings, files: ImportFiles, *, heap: str = "1g", off_heap: str = "1g"
) -> list[str]:
    """The `neo4j-admin database import full` command line for `files` (server must be stopped)."""
    args = [
        "database",
        "import",
        "full",
        # The database first: the --nodes/--relationships options take any number of values and would
        # swallow a trailing positional argument as one more file.
        settings.neo4j_database,
        "--overwrite-destination=true",
        "--multiline-fields=true",  # article texts hold newlines
        "--array-delimiter=U+001F",
        "--id-type=string",
        "--skip-duplicate-nodes=false",
        "--skip-bad-relationships=false",
        "--threads=2",
        f"--max-off-heap-memory={off_heap}",
        f"--report-file={files.directory / 'import.report'}",
    ]
    args += [f"--nodes={label}={files.files[label]}" for label in NODE_HEADERS]
    args += [f"--relationships={rel}={files.files[rel]}" for rel in REL_HEADERS]
    lay = server.layout(settings)
    # AdminTool itself, not the neo4j-admin bootloader (server.ADMIN_CLASS): the bootloader forks a
    # second JVM with the server's options (heap from neo4j.conf, -XX:+AlwaysPreTouch), which cost a
    # minute before the import began on the shared 2-core box.
    return [
        server.java_executable(),
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-cp",
        f"{lay.lib_dir}/*",
        f"-Dbasedir={lay.home}",
        ADMIN_TOOL_CLASS,
        *args,
    ]


def run_import(settings: Settings, files: ImportFiles, *, heap: str = "1g", off_heap: str = "1g") -> float:
    """Run neo4j-admin's import into the (stopped) local server's database; returns its wall seconds."""
    if server.read_pid(settings) is not None:
        raise BulkImportError("the local Neo4j server is running; stop it before the import")
    cmd = import_command(settings, files, heap=heap, off_heap=off_heap)
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd,
        env=server._env(settings),
        cwd=server.layout(settings).home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - t0
    (files.directory / "import.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        raise BulkImportError(
            f"neo4j-admin database import failed (exit {proc.returncode}); "
            f"log in {files.directory / 'import.log'}:\n{(proc.stdout + proc.stderr)[-3000:]}"
        )
    log.info("neo4j-admin import: %s in %.1fs", files.counts, seconds)
    return seconds


# --- the whole backfill -----------------------------------------------------------------------------


def graph_is_empty(driver: neo4j.Driver) -> bool:
    """True when the database holds nothing but the migration chain."""
    with open_session(driver) as s:
        rec = s.run(q.BULK_IMPORT_DATA_NODE).single()
    return rec is None


def check_target(settings: Settings) -> None:
    """Raise BulkImportError unless the configured server is the local launcher's and its graph is empty."""
    if server.is_external(settings):
        raise BulkImportError(
            f"{settings.neo4j_uri} is not the local launcher's server: neo4j-admin import needs its home"
        )
    driver = create_driver(settings)
    try:
        if not graph_is_empty(driver):
            raise BulkImportError(
                "the graph is not empty: neo4j-admin import replaces the whole database, so it only "
                "loads into an empty one (use `claimgraph ingest` to add to a graph)"
            )
    finally:
        driver.close()


def import_files(
    settings: Settings, files: ImportFiles, *, heap: str = "1g", off_heap: str = "1g"
) -> dict[str, float]:
    """Stop the local server, import `files`, start it, set the empty arrays the CSV could not hold,
    apply the migrations; seconds of each step."""
    from graph import migrations

    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    server.stop(settings)
    seconds["stop"] = time.perf_counter() - t0
    try:
        seconds["import"] = run_import(settings, files, heap=heap, off_heap=off_heap)
    finally:
        # Start again whatever happened: a failed import leaves the old (empty) database in place.
        t0 = time.perf_counter()
        server.start(settings)
        seconds["start"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    driver = create_driver(settings)
    try:
        with open_session(driver) as s:
            for query in (q.BULK_IMPORT_EMPTY_ALIASES, q.BULK_IMPORT_EMPTY_SPANS):
                s.run(query).consume()
        seconds["fixup"] = time.perf_counter() - t0
        # The import replaced the database, migration chain included: constraints and indexes are built
        # once now, over the imported data.
        t0 = time.perf_counter()
        migrations.migrate(driver)
    finally:
        driver.close()
    seconds["migrate"] = time.perf_counter() - t0
    return seconds


def bulk_import(
    settings: Settings,
    items: Iterable[tuple[ArticleIn, Extraction]],
    *,
    workdir: Path | None = None,
    lang: str = "en",
    heap: str = "1g",
    off_heap: str = "1g",
) -> BulkImportReport:
    """Load `items` into the EMPTY database of the local server: CSVs, stop, import, start, migrate.

    Refuses (BulkImportError) when the server is external or the graph holds data.
    """
    check_target(settings)
    directory = workdir or server.layout(settings).home / "import" / f"bulk-{int(time.time())}"
    t0 = time.perf_counter()
    files = write_csvs(items, directory, lang=lang)
    csv_seconds = time.perf_counter() - t0
    seconds = import_files(settings, files, heap=heap, off_heap=off_heap)
    return BulkImportReport(files=files, seconds={"csv": csv_seconds, **seconds})


def iter_pairs(prepared: Iterable[Any]) -> Iterator[tuple[ArticleIn, Extraction]]:
    """(article, extraction) of objects that carry both (app.services.ingest.PreparedArticle)."""
    for p in prepared:
        yield p.article, p.extraction
