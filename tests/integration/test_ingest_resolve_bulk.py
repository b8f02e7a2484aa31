"""The bulk ingest path (features from forked workers, batched candidate queries, no read-back) builds
the same graph and reports the same result as the per-article path, on the real Neo4j and spaCy.

Uses the four-article story of test_cross_article (its fixture deletes the story's articles before and
after, never the rest of the shared graph).
"""

from __future__ import annotations

import neo4j

from app.services import ingest
from app.services.ingest import IngestResult, PreparedArticle
from graph import reader
from tests.integration.test_cross_article import ARTICLES, _check, _delete_fixture, _snapshot
from tests.integration.test_cross_article import clean_story as clean_story  # noqa: F401 - the fixture


def _prepared() -> list[PreparedArticle]:
    # Two workers, two articles per batch: both forked workers take part.
    out = list(ingest.prepare_articles(ARTICLES, n_process=2, batch_size=2))
    assert all(isinstance(p, PreparedArticle) for p in out), out
    return [p for p in out if isinstance(p, PreparedArticle)]


def _key(r: IngestResult) -> tuple[object, ...]:
    return (
        r.article_id,
        r.external_id,
        sorted(s.model_dump_json() for s in r.speakers),
        [c.model_dump() for c in r.claims],
        sorted(d.model_dump_json() for d in r.disputes),
    )


def test_bulk_path_builds_the_story_graph_and_reports_what_was_written(
    clean_story: neo4j.Driver,
) -> None:
    prepared = _prepared()
    assert all(p.features is not None and len(p.features) == len(p.extraction.attributions) for p in prepared)
    results = [ingest.load_prepared_bulk(clean_story, p) for p in prepared]
    assert all(r.created for r in results)
    _check(_snapshot(clean_story))
    # The result built from the written rows is what reading the article back gives.
    for p, r in zip(prepared, results, strict=True):
        back = ingest.existing_result(clean_story, p.article)
        assert back is not None
        assert _key(r) == _key(back)
    _delete_fixture(clean_story)
    # Prepared in this process (no features carried): the same graph.
    for art in ARTICLES:
        ingest.load_prepared(clean_story, ingest.prepare_article(art).model_copy(update={"features": None}))
    _check(_snapshot(clean_story))


def test_batched_candidate_queries_equal_one_query_each(clean_story: neo4j.Driver) -> None:
    for p in _prepared():
        ingest.load_prepared_bulk(clean_story, p)
    texts = {
        0: "Apex Mining dumped toxic waste into the Clear River",
        1: "toxic waste",
        2: "inspectors ignored the warnings",
        3: "harvest",
        4: "!!!",  # no searchable word
    }
    exclude = reader.find_article_id(clean_story, content_hash=ingest.content_hash(ARTICLES[0]))
    for excluded in (None, exclude):
        many = reader.claim_candidates_many(clean_story, texts, limit=3, exclude_article_id=excluded)
        assert set(many) == set(texts)
        for k, text in texts.items():
            assert many[k] == reader.claim_candidates(clean_story, text, limit=3, exclude_article_id=excluded)
        assert many[0] and not many[4]
    names = ["Jane Holloway", "Holloway", "Apex Mining", "Mark Ruiz", "Tom Holloway", "Nobody Here", "..."]
    many_speakers = reader.speaker_candidates_many(clean_story, names, limit=5)
    assert set(many_speakers) == set(names)
    for name in names:
        assert many_speakers[name] == reader.speaker_candidates(clean_story, name, limit=5)
    assert [s.name for s in many_speakers["Jane Holloway"]][:1] == ["Jane Holloway"]
