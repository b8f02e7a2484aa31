"""Bulk ingest: read many inputs, skip what is already loaded, extract and load overlapped.

The flow for `claimgraph ingest`:

1. `read_inputs(paths)` turns directories (recursive), `.txt`, `.html` and `.jsonl`
   files into `InputItem`s — an article, or the reason it could not be read.
   Reading never raises: one unreadable file or bad JSON line is one failure.
2. Articles whose content hash is already in the graph are skipped before any
   extraction, so re-running an interrupted ingest costs one indexed lookup per
   article already done.
3. Extraction (`prepare_articles`: batches of articles extracted, claim
   features included, in `--workers` forked processes) feeds a bounded queue
   from the calling thread; one writer thread drains it through
   `load_prepared_bulk` (cross-article resolution, one transaction per article,
   no read-back). The graph writes therefore overlap extraction, and the bounded
   queue keeps memory flat when the graph is the slower side.

A single writer keeps cross-article resolution sequential: each article is
resolved against everything loaded before it, in input order, so an
interrupted-then-resumed run builds the same graph as an uninterrupted one.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.nlp.models import ArticleIn
from app.services.ingest import IngestFailure, IngestResult, PreparedArticle, content_hash

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
# JSONL keys we understand; PolNeAR-style `publisher`/`date` are accepted as aliases.
_ALIASES = {"publisher": "source", "date": "published_at"}
_FIELDS = set(ArticleIn.model_fields)


class RunStopped(RuntimeError):
    """Extraction cannot go on (e.g. a cluster's scheduler is gone): the run stops, what was loaded
    stays, and the same command resumes. Raised by a `prepare` callable; not one article's fault."""


@dataclass(frozen=True)
class InputItem:
    """One article read from disk, or why it could not be read. `label` is `path` or `path:line`."""

    label: str
    article: ArticleIn | None = None
    error: str | None = None


@dataclass(frozen=True)
class Failure:
    label: str
    external_id: str | None
    reason: str


@dataclass
class BulkReport:
    """What a bulk run did; `failures` are listed to the user at the end."""

    read: int = 0
    skipped: int = 0
    loaded: int = 0
    duplicates: int = 0
    claims: int = 0
    speakers: int = 0
    disputes: int = 0
    words: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    extract_seconds: float = 0.0
    write_seconds: float = 0.0
    stopped: str | None = None  # why the run stopped before the end (RunStopped); a re-run resumes

    @property
    def ok(self) -> bool:
        return not self.failures and self.stopped is None


# ---------------------------------------------------------------- reading inputs


def iter_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Files to read, in a stable order; yields (path, error) for paths that cannot be used."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield child, None
        elif p.is_file():
            if p.suffix.lower() in SUFFIXES:
                yield p, None
            else:
                yield p, f"unsupported file type {p.suffix or '(none)'!r} (expected .txt, .html, .jsonl)"
        else:
            yield p, "no such file or directory"


def _record_to_article(record: Any) -> ArticleIn:
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    data: dict[str, Any] = {}
    for key, value in record.items():
        target = _ALIASES.get(key, key)
        if target in _FIELDS and value is not None and (target not in data or key == target):
            data[target] = str(value) if target == "id" else value
    article = ArticleIn.model_validate(data)
    if not _body(article).strip():
        raise ValueError("no text: the record needs a non-empty 'text' or 'html'")
    return article


def _body(article: ArticleIn) -> str:
    return article.text if article.text is not None else (article.html or "")


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def txt_title(path: Path, content: str) -> str:
    """A plain-text article's title: its first line when that reads like a headline (short, with more
    text after it), else the file name ('rukban_camp-2021.txt' -> 'rukban camp 2021')."""
    first, _, rest = content.strip().partition("\n")
    first = first.strip()
    if first and rest.strip() and len(first) <= 200:
        return first
    return " ".join(path.stem.replace("_", " ").replace("-", " ").split()) or path.name


def read_file(path: Path) -> Iterator[InputItem]:
    """Articles in one file; errors come back as items, never raised."""
    label = str(path)
    suffix = path.suffix.lower()
    try:
        content = _read_text(path)
    except UnicodeDecodeError as exc:
        yield InputItem(label, error=f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return
    except OSError as exc:
        yield InputItem(label, error=f"cannot read: {exc.strerror or exc}")
        return
    if suffix == ".jsonl":
        yield from _read_jsonl(label, content)
        return
    if not content.strip():
        yield InputItem(label, error="empty file")
        return
    if suffix == ".txt":
        yield InputItem(label, article=ArticleIn(text=content, title=txt_title(path, content)))
    else:
        yield InputItem(label, article=ArticleIn(html=content))


def _read_jsonl(label: str, content: str) -> Iterator[InputItem]:
    any_line = False
    for lineno, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        any_line = True
        where = f"{label}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputItem(where, error=f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield InputItem(where, article=_record_to_article(record))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(x) for x in first["loc"])
            yield InputItem(where, error=f"invalid record: {loc}: {first['msg']}")
        except ValueError as exc:
            yield InputItem(where, error=f"invalid record: {exc}")
    if not any_line:
        yield InputItem(label, error="empty file")


def read_inputs(paths: Iterable[str | Path]) -> Iterator[InputItem]:
    """Every article under `paths` (directories recursively), in a stable order."""
    for path, error in iter_files(paths):
        if error is not None:
            yield InputItem(str(path), error=error)
        else:
            yield from read_file(path)


# ---------------------------------------------------------------- the pipeline

Prepare = Callable[..., Iterator[PreparedArticle | IngestFailure]]
Load = Callable[[Any, PreparedArticle], IngestResult]
LoadedHashes = Callable[[Any, list[str]], set[str]]


class Progress:
    """What the pipeline reports as it goes; the CLI draws it as a tqdm bar."""

    def start(self, total: int, skipped: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, report: BulkReport) -> None:  # pragma: no cover - interface
        pass

    def close(self) -> None:  # pragma: no cover - interface
        pass


_DONE = object()


def _is_unavailable(exc: BaseException) -> bool:
    """Whether the error means the server (not this article) is the problem."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    from graph.errors import GraphUnavailable

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, GraphUnavailable | ServiceUnavailable | SessionExpired | ConnectionError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run_bulk(
    driver: Any,
    items: Iterable[InputItem],
    *,
    workers: int = 1,
    batch_size: int = 16,
    queue_size: int | None = None,
    progress: Progress | None = None,
    prepare: Prepare | None = None,
    load: Load | None = None,
    loaded_hashes: LoadedHashes | None = None,
    server_check: Callable[[Any], None] | None = None,
) -> BulkReport:
    """Skip loaded articles, extract the rest with `workers` processes, load them as they come.

    The callables default to the real ingest service and graph reader; they are
    parameters so the benchmarks can time the same pipeline with parts swapped.
    """
    if prepare is None or load is None:
        from app.services import ingest

        prepare = prepare or ingest.prepare_articles
        load = load or ingest.load_prepared_bulk
    if loaded_hashes is None:
        from graph import reader

        loaded_hashes = reader.loaded_content_hashes
    if server_check is None:
        server_check = _verify_connectivity
    progress = progress or Progress()
    report = BulkReport()
    started = time.perf_counter()

    articles: list[tuple[str, ArticleIn, str]] = []
    for item in items:
        report.read += 1
        if item.article is None:
            report.failures.append(Failure(item.label, None, item.error or "unreadable"))
        else:
            articles.append((item.label, item.article, content_hash(item.article)))

    # Resume: one indexed lookup for all hashes (chunked so the parameter stays small).
    done: set[str] = set()
    hashes = sorted({h for _, _, h in articles})
    for i in range(0, len(hashes), 5000):
        done |= loaded_hashes(driver, hashes[i : i + 5000])
    # Extraction results depend slightly on which articles share an nlp.pipe batch (padding in the
    # batched models), so batches are fixed by input position: a batch with anything left to load is
    # extracted whole, its already-loaded members are dropped after extraction. A resumed run thus
    # extracts every article exactly as the uninterrupted run would have.
    feed: list[tuple[str, ArticleIn, bool]] = []
    for i in range(0, len(articles), batch_size):
        chunk = articles[i : i + batch_size]
        if any(h not in done for _, _, h in chunk):
            feed.extend((label, art, h not in done) for label, art, h in chunk)
    todo = [(label, art) for label, art, wanted in feed if wanted]
    report.skipped = sum(1 for _, _, h in articles if h in done)
    if report.skipped:
        log.info("skipping %d article(s) already in the graph", report.skipped)
    progress.start(len(todo), report.skipped)

    q: queue.Queue[Any] = queue.Queue(maxsize=queue_size or max(4, 2 * batch_size))
    lock = threading.Lock()
    interrupted = threading.Event()

    def fail(label: str, external_id: str | None, reason: str) -> None:
        with lock:
            report.failures.append(Failure(label, external_id, reason))

    def writer() -> None:
        server_down: str | None = None
        while True:
            got = q.get()
            if got is _DONE:
                return
            if interrupted.is_set():
                continue  # Ctrl-C: drop what is queued; a re-run picks it up (nothing of it was written)
            label, prepared = got
            ext = prepared.article.id
            if server_down is not None:
                # Fail fast while the server is away, but notice when it is back.
                try:
                    server_check(driver)
                    server_down = None
                except Exception as exc:  # noqa: BLE001 - any failure to reach the server counts
                    fail(label, ext, f"not loaded: Neo4j unavailable ({_reason(exc)})")
                    progress.advance(report)
                    continue
            t0 = time.perf_counter()
            try:
                result = load(driver, prepared)
            except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the rest
                if _is_unavailable(exc):
                    server_down = _reason(exc)
                    fail(label, ext, f"not loaded: Neo4j unavailable ({server_down})")
                else:
                    log.debug("write failed for %s", label, exc_info=True)
                    fail(label, ext, f"write failed: {_reason(exc)}")
            else:
                with lock:
                    if result.created:
                        report.loaded += 1
                    else:
                        report.duplicates += 1
                    report.claims += len(result.claims)
                    report.speakers += len(result.speakers)
                    report.disputes += len(result.disputes)
                    report.words += len(_body(prepared.article).split())
            finally:
                report.write_seconds += time.perf_counter() - t0
            progress.advance(report)

    thread = threading.Thread(target=writer, name="claimgraph-writer", daemon=True)
    thread.start()
    t_extract = time.perf_counter()
    handed = 0  # results received from the extractor so far
    try:
        # prepare_articles yields exactly one result per input, in input order.
        for out in prepare((a for _, a, _ in feed), n_process=workers, batch_size=batch_size):
            label, _, wanted = feed[handed]
            handed += 1
            if not wanted:
                continue  # extracted only to keep its batch as it was; already in the graph
            if isinstance(out, IngestFailure):
                fail(label, out.external_id, f"extraction failed: {out.error}")
                progress.advance(report)
                continue
            q.put((label, out))
    except RunStopped as exc:
        # What was extracted is still written (the writer drains the queue below); the rest is left
        # for a re-run, not reported article by article.
        report.stopped = str(exc)
        log.error("extraction stopped: %s", exc)
    except Exception as exc:  # noqa: BLE001 - a crashed extractor fails what it had not returned
        log.error("extraction stopped: %s", _reason(exc), exc_info=log.isEnabledFor(logging.DEBUG))
        for label, art, wanted in feed[handed:]:
            if wanted:
                fail(label, art.id, f"extraction aborted: {_reason(exc)}")
    except KeyboardInterrupt:
        # Finish the article being written (its transaction commits or not), skip the rest, re-raise.
        interrupted.set()
        raise
    finally:
        report.extract_seconds = time.perf_counter() - t_extract
        q.put(_DONE)
        thread.join()
        progress.close()
    report.seconds = time.perf_counter() - started
    return report


def _verify_connectivity(driver: Any) -> None:
    from graph.db import verify

    verify(driver)
