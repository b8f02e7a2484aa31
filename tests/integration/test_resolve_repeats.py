"""One speaker saying one thing twice in an article (a summary, then the quote) is one Claim; the
resolver's in-article links go through the real graph writer (issue 4)."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from app.services.ingest import PreparedArticle, content_hash, resolve
from graph import ids, migrations, reader, writer
from tests.integration.graph_helpers import Part, build, new_token

pytestmark = pytest.mark.integration

TOK = new_token()


@pytest.fixture(scope="module")
def driver(neo4j_driver: neo4j.Driver) -> Iterator[neo4j.Driver]:
    migrations.migrate(neo4j_driver)
    yield neo4j_driver
    writer.delete_article(neo4j_driver, ids.article_id(external_id=f"{TOK}-repeat"))


def test_a_summary_and_its_quote_are_one_claim(driver: neo4j.Driver) -> None:
    lavrov = f"Sergey Lavrov {TOK}"
    art, ext = build(
        f"{TOK}-repeat",
        [
            Part(
                "Lavrov",
                "said",
                f"militants in {TOK} are still preventing refugees from leaving the camp",
                speaker=lavrov,
            ),
            Part("Lavrov", "said", f"the {TOK} harvest was good this year", speaker=lavrov),
            Part(
                "He",
                "told reporters",
                f'"The militants in {TOK} are preventing the refugees from leaving the camp"',
                speaker=lavrov,
            ),
            Part(
                "Price",
                "said",
                f"militants in {TOK} are preventing refugees from leaving the camp",
                speaker=f"Ned Price {TOK}",
            ),
        ],
    )
    prepared = PreparedArticle(article=art, content_hash=content_hash(art), extraction=ext)
    res = resolve(driver, prepared)
    first = ids.claim_id(ext.span_text(ext.attributions[0].content).strip())
    # The quote joins the summary; the harvest is another claim; another speaker's words stay apart
    # inside one article (across articles they may be one claim).
    assert res.claim_links == {2: first}
    written = writer.write_article(driver, art, ext, resolution=res)
    assert written.claim_ids[2] == written.claim_ids[0] == first
    assert len(set(written.claim_ids)) == 3
    claim = reader.get_claim(driver, first)
    assert claim is not None and len(claim.assertions) == 2
