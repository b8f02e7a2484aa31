"""Reading bulk-ingest inputs: every file kind, and every way a file can be bad."""

from __future__ import annotations

import json
from pathlib import Path

from app.nlp.models import ArticleIn, Extraction
from app.services.bulk import BulkReport, Progress, read_inputs, run_bulk
from app.services.ingest import IngestFailure, IngestResult, PreparedArticle, content_hash

ROOT = Path(__file__).resolve().parents[2]


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", "Second article.")
    _write(tmp_path / "a" / "deep.html", "<p>Deep article.</p>")
    _write(tmp_path / "a" / "notes.md", "ignored: not an article type")
    _write(tmp_path / "c.jsonl", json.dumps({"id": "x1", "text": "Third.", "title": "T"}) + "\n")
    items = list(read_inputs([tmp_path]))
    assert [Path(i.label).relative_to(tmp_path).as_posix() for i in items] == [
        "a/deep.html",
        "b.txt",
        "c.jsonl:1",
    ]
    assert all(i.error is None for i in items)
    assert items[0].article == ArticleIn(html="<p>Deep article.</p>")
    # A .txt article is titled by its first line when that reads as a headline, else by its file name.
    assert items[1].article == ArticleIn(text="Second article.", title="b")
    assert items[2].article == ArticleIn(id="x1", text="Third.", title="T")


def test_jsonl_fields_aliases_and_numeric_id(tmp_path: Path) -> None:
    rec = {
        "id": 17,
        "html": "<p>Body</p>",
        "url": "https://example.org/a",
        "publisher": "nyt",
        "date": "2016-09-16",
        "attributions": [],  # gold annotations in eval files are ignored
    }
    (item,) = read_inputs([_write(tmp_path / "x.jsonl", json.dumps(rec) + "\n")])
    assert item.article == ArticleIn(
        id="17", html="<p>Body</p>", url="https://example.org/a", source="nyt", published_at="2016-09-16"
    )


def test_explicit_source_wins_over_alias(tmp_path: Path) -> None:
    rec = {"text": "Body.", "publisher": "nyt", "source": "New York Times"}
    (item,) = read_inputs([_write(tmp_path / "x.jsonl", json.dumps(rec))])
    assert item.article is not None and item.article.source == "New York Times"


def test_bad_lines_fail_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "good-1", "text": "One."}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "bad-type", "text": 5}),
        json.dumps({"id": "good-2", "text": "Two."}),
    ]
    path = _write(tmp_path / "mixed.jsonl", "\n".join(lines) + "\n")
    items = list(read_inputs([path]))
    got = [(i.label.rsplit(":", 1)[1], i.article.id if i.article else None, i.error) for i in items]
    assert got == [
        ("1", "good-1", None),
        ("2", None, "invalid JSON (Expecting property name enclosed in double quotes at column 2)"),
        ("4", None, "invalid record: expected a JSON object, got list"),
        ("5", None, "invalid record: no text: the record needs a non-empty 'text' or 'html'"),
        ("6", None, "invalid record: text: Input should be a valid string"),
        ("7", "good-2", None),
    ]


def test_unreadable_and_unsupported_files(tmp_path: Path) -> None:
    binary = _write(tmp_path / "binary.txt", b"\xff\xfe\x00garbage")
    empty = _write(tmp_path / "empty.txt", "  \n")
    empty_jsonl = _write(tmp_path / "empty.jsonl", "\n\n")
    pdf = _write(tmp_path / "paper.pdf", b"%PDF-1.4")
    missing = tmp_path / "missing.txt"
    items = list(read_inputs([binary, empty, empty_jsonl, pdf, missing]))
    assert [(Path(i.label).name, i.error) for i in items] == [
        ("binary.txt", "not UTF-8 text (invalid start byte at byte 0)"),
        ("empty.txt", "empty file"),
        ("empty.jsonl", "empty file"),
        ("paper.pdf", "unsupported file type '.pdf' (expected .txt, .html, .jsonl)"),
        ("missing.txt", "no such file or directory"),
    ]


def test_repo_samples_and_fixture_read_cleanly() -> None:
    items = list(read_inputs([ROOT / "data" / "samples", ROOT / "tests" / "fixtures" / "story.jsonl"]))
    assert all(i.error is None for i in items)
    ids = [i.article.id for i in items if i.article]
    assert "seed-rukban-2021" in ids
    assert ids[-4:] == [
        json.loads(line)["id"] for line in (ROOT / "tests/fixtures/story.jsonl").read_text().splitlines()
    ]


# The orchestration alone (no graph, no spaCy): stand-ins for the extractor and the writer.


def _prepared(art: ArticleIn) -> PreparedArticle:
    return PreparedArticle(
        article=art, content_hash=content_hash(art), extraction=Extraction(text=art.text or "")
    )


class _Recorder(Progress):
    def __init__(self) -> None:
        self.started: tuple[int, int] | None = None
        self.advances = 0

    def start(self, total: int, skipped: int) -> None:
        self.started = (total, skipped)

    def advance(self, report: BulkReport) -> None:
        self.advances += 1


def test_pipeline_skips_loaded_isolates_failures_and_keeps_order(tmp_path: Path) -> None:
    texts = ["alpha one.", "beta two.", "EXTRACT-FAIL", "gamma three.", "WRITE-FAIL", "delta four."]
    lines = [json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate(texts)] + ["{bad"]
    items = list(read_inputs([_write(tmp_path / "in.jsonl", "\n".join(lines))]))
    already = {content_hash(ArticleIn(text="beta two."))}
    written: list[str] = []

    def prepare(articles, *, n_process, batch_size):  # type: ignore[no-untyped-def]
        for idx, art in enumerate(articles):
            if art.text == "EXTRACT-FAIL":
                yield IngestFailure(index=idx, external_id=art.id, error="boom")
            else:
                yield PreparedArticle(
                    article=art, content_hash=content_hash(art), extraction=Extraction(text=art.text)
                )

    def load(driver, prepared):  # type: ignore[no-untyped-def]
        if prepared.article.text == "WRITE-FAIL":
            raise RuntimeError("constraint violated")
        written.append(prepared.article.id)
        return IngestResult(article_id=f"art-{prepared.article.id}", created=True)

    progress = _Recorder()
    report = run_bulk(
        None,
        items,
        workers=1,
        batch_size=2,
        progress=progress,
        prepare=prepare,
        load=load,
        loaded_hashes=lambda driver, hashes: already & set(hashes),
        server_check=lambda driver: None,
    )
    assert written == ["a0", "a3", "a5"]
    assert (report.read, report.skipped, report.loaded) == (7, 1, 3)
    assert [(f.label.rsplit(":", 1)[1], f.external_id, f.reason) for f in report.failures] == [
        ("7", None, "invalid JSON (Expecting property name enclosed in double quotes at column 2)"),
        ("3", "a2", "extraction failed: boom"),
        ("5", "a4", "write failed: RuntimeError: constraint violated"),
    ]
    assert progress.started == (5, 1)
    assert progress.advances == 5
    assert not report.ok


def test_server_loss_fails_fast_and_recovers(tmp_path: Path) -> None:
    from neo4j.exceptions import ServiceUnavailable

    lines = [json.dumps({"id": f"a{i}", "text": f"article {i}."}) for i in range(5)]
    items = list(read_inputs([_write(tmp_path / "in.jsonl", "\n".join(lines))]))
    state = {"up": True, "checks": 0}
    written: list[str] = []

    def prepare(articles, *, n_process, batch_size):  # type: ignore[no-untyped-def]
        for art in articles:
            yield PreparedArticle(
                article=art, content_hash=content_hash(art), extraction=Extraction(text=art.text)
            )

    def load(driver, prepared):  # type: ignore[no-untyped-def]
        if prepared.article.id == "a1":
            state["up"] = False  # the server goes away during this article's write
        if not state["up"]:
            raise ServiceUnavailable("Couldn't connect to 127.0.0.1:7687")
        written.append(prepared.article.id)
        return IngestResult(article_id=prepared.article.id, created=True)

    def check(driver):  # type: ignore[no-untyped-def]
        state["checks"] += 1
        if state["checks"] == 2:
            state["up"] = True  # back before a3
        if not state["up"]:
            raise ServiceUnavailable("connection refused")

    report = run_bulk(
        None,
        items,
        prepare=prepare,
        load=load,
        loaded_hashes=lambda driver, hashes: set(),
        server_check=check,
    )
    assert written == ["a0", "a3", "a4"]
    assert [(f.external_id, f.reason) for f in report.failures] == [
        ("a1", "not loaded: Neo4j unavailable (ServiceUnavailable: Couldn't connect to 127.0.0.1:7687)"),
        ("a2", "not loaded: Neo4j unavailable (ServiceUnavailable: connection refused)"),
    ]


def test_ctrl_c_stops_after_the_article_being_written(tmp_path: Path) -> None:
    import pytest

    lines = [json.dumps({"id": f"a{i}", "text": f"article {i}."}) for i in range(6)]
    items = list(read_inputs([_write(tmp_path / "in.jsonl", "\n".join(lines))]))
    written: list[str] = []

    def prepare(articles, *, n_process, batch_size):  # type: ignore[no-untyped-def]
        for k, art in enumerate(articles):
            if k == 3:
                raise KeyboardInterrupt
            yield _prepared(art)

    def load(driver, prepared):  # type: ignore[no-untyped-def]
        written.append(prepared.article.id)
        return IngestResult(article_id=prepared.article.id, created=True)

    with pytest.raises(KeyboardInterrupt):
        run_bulk(None, items, prepare=prepare, load=load, loaded_hashes=lambda d, h: set())
    assert written == ["a0", "a1", "a2"][: len(written)]


def test_resume_extracts_in_the_same_batches_as_the_first_run(tmp_path: Path) -> None:
    # Extraction may differ with batch mates, so batches are fixed by input position: a batch with
    # anything left to load is extracted whole; fully loaded batches are not extracted at all.
    lines = [json.dumps({"id": f"a{i}", "text": f"article {i}."}) for i in range(6)]
    items = list(read_inputs([_write(tmp_path / "in.jsonl", "\n".join(lines))]))
    loaded = {content_hash(ArticleIn(text=f"article {i}.")) for i in (0, 1, 3)}
    fed: list[str | None] = []
    written: list[str | None] = []

    def prepare(articles, *, n_process, batch_size):  # type: ignore[no-untyped-def]
        for art in articles:
            fed.append(art.id)
            yield _prepared(art)

    def load(driver, prepared):  # type: ignore[no-untyped-def]
        written.append(prepared.article.id)
        return IngestResult(article_id=prepared.article.id, created=True)

    report = run_bulk(
        None, items, batch_size=2, prepare=prepare, load=load, loaded_hashes=lambda d, h: loaded & set(h)
    )
    assert fed == ["a2", "a3", "a4", "a5"]
    assert written == ["a2", "a4", "a5"]
    assert (report.skipped, report.loaded) == (3, 3)


def test_run_stopped_writes_what_was_extracted_and_leaves_the_rest_for_a_rerun(tmp_path: Path) -> None:
    # A cluster's scheduler gone mid-run (app.services.cluster.ClusterUnavailable is a RunStopped).
    from app.services.bulk import RunStopped

    lines = [json.dumps({"id": f"a{i}", "text": f"article {i}."}) for i in range(6)]
    items = list(read_inputs([_write(tmp_path / "in.jsonl", "\n".join(lines))]))
    written: list[str] = []

    def prepare(articles, *, n_process, batch_size):  # type: ignore[no-untyped-def]
        for k, art in enumerate(articles):
            if k == 3:
                raise RunStopped("lost the Dask scheduler at tcp://10.0.0.5:8786")
            yield _prepared(art)

    def load(driver, prepared):  # type: ignore[no-untyped-def]
        written.append(prepared.article.id)
        return IngestResult(article_id=prepared.article.id, created=True)

    report = run_bulk(None, items, prepare=prepare, load=load, loaded_hashes=lambda d, h: set())
    assert written == ["a0", "a1", "a2"]
    assert report.loaded == 3
    assert report.stopped == "lost the Dask scheduler at tcp://10.0.0.5:8786"
    assert report.failures == []  # not three failures: the re-run loads them
    assert not report.ok
