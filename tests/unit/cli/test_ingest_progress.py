"""`claimgraph ingest` on .txt files: the progress total counts every file; a .txt article has a title."""

from __future__ import annotations

from pathlib import Path

from app.cli.ingest_cmd import TqdmProgress
from app.nlp.models import ArticleIn, Extraction
from app.services.bulk import read_inputs, run_bulk, txt_title
from app.services.ingest import IngestResult, PreparedArticle, content_hash


def test_txt_title_is_the_first_line_or_the_file_name(tmp_path: Path) -> None:
    assert txt_title(Path("x.txt"), "Mayor wins vote\n\nThe mayor said ...") == "Mayor wins vote"
    # One paragraph only, or a first line too long to be a headline: the file name.
    assert txt_title(Path("rukban_camp-2021.txt"), "Lavrov said it rained.") == "rukban camp 2021"
    assert txt_title(Path("long.txt"), "word " * 60 + "\nmore") == "long"
    (tmp_path / "story.txt").write_text("Headline here\nBody text said things.\n", encoding="utf-8")
    (item,) = read_inputs([tmp_path])
    assert item.article is not None and item.article.title == "Headline here"


def test_progress_total_is_every_file_read(tmp_path: Path) -> None:
    texts = ["one said a.", "two said b.", "three said c.", "four said d."]
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(f"Title {i}\n{text}\n", encoding="utf-8")
    (tmp_path / "4-empty.txt").write_text("  \n", encoding="utf-8")  # unreadable: fails, still counted
    already = {content_hash(ArticleIn(text=f"Title 0\n{texts[0]}\n"))}

    def prepare(articles, *, n_process, batch_size):  # type: ignore[no-untyped-def]
        for art in articles:
            yield PreparedArticle(
                article=art, content_hash=content_hash(art), extraction=Extraction(text=art.text)
            )

    def load(driver, prepared):  # type: ignore[no-untyped-def]
        return IngestResult(article_id=f"art-{prepared.content_hash[:6]}", created=True)

    progress = TqdmProgress()
    report = run_bulk(
        None,
        read_inputs([tmp_path]),
        progress=progress,
        prepare=prepare,
        load=load,
        loaded_hashes=lambda driver, hashes: already & set(hashes),
        server_check=lambda driver: None,
    )
    assert (report.read, report.skipped, report.loaded, len(report.failures)) == (5, 1, 3, 1)
    assert progress.bar is not None
    assert (progress.bar.total, progress.bar.n) == (5, 5)
