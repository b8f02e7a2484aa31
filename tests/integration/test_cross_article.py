"""One story across four articles, loaded one by one through the real ingest path (issue 4).

`tests/fixtures/story.jsonl`: Senator Jane Holloway accuses Apex Mining of dumping toxic waste into
the Clear River (valley-herald, March 2); Apex Mining denies it and its spokesman says the company
takes its obligations seriously, which disputes nothing (state-wire, March 3); another outlet
reports the senator repeating the charge (capital-times, March 4); a farmer with the same surname,
Tom Holloway, talks about the harvest (valley-herald, March 5).

Each article goes through `app.services.ingest.ingest_article` (real spaCy extraction, cross-article
resolution against the indexed graph, one write transaction) on the shared Neo4j. The test deletes
the fixture's own articles before and after (`graph.writer.delete_article`, which also removes the
claims and speakers only they held), never the rest of the graph.

Attributions are named by what they say (not by index), so the expected graph reads like the story.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import neo4j
import pytest

from app.nlp.models import ArticleIn
from app.services import ingest
from app.settings import PROJECT_ROOT
from graph import ids, reader, writer

STORY = PROJECT_ROOT / "tests" / "fixtures" / "story.jsonl"
ARTICLES = [
    ArticleIn.model_validate(json.loads(line))
    for line in STORY.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
ARTICLE_IDS = [ids.article_id(external_id=a.id) for a in ARTICLES]

# (article, words of the claim) -> the attribution's name in the assertions below.
LABELS = {
    ("story-accusation", "dumped toxic waste"): "accusation",
    ("story-accusation", "inspectors"): "inspectors ignored it",
    ("story-denial", "dumped toxic waste"): "denial",
    ("story-denial", "environmental obligations"): "spokesman's quote",
    ("story-repeat", "dumped toxic waste"): "repetition",
    ("story-unrelated", "harvest"): "harvest",
}


@dataclass(frozen=True)
class Snapshot:
    """The fixture's part of the graph, by attribution names (ids differ with load order)."""

    counts: dict[str, int]
    speaker: dict[str, str]  # attribution -> Speaker name
    same_speaker: frozenset[frozenset[str]]  # attributions grouped by Speaker node
    same_claim: frozenset[frozenset[str]]  # attributions grouped by Claim node
    disputes: frozenset[tuple[frozenset[str], frozenset[str]]]  # (disputing claim, disputed claim)


def _label(external_id: str, text: str) -> str:
    hits = [name for (ext, words), name in LABELS.items() if ext == external_id and words in text]
    assert len(hits) == 1, f"{external_id}: no single label for claim {text!r}"
    return hits[0]


def _delete_fixture(driver: neo4j.Driver) -> None:
    for aid in ARTICLE_IDS:
        writer.delete_article(driver, aid)


def _snapshot(driver: neo4j.Driver) -> Snapshot:
    speaker: dict[str, str] = {}
    speaker_node: dict[str, str] = {}
    claim_node: dict[str, str] = {}
    for art, aid in zip(ARTICLES, ARTICLE_IDS, strict=True):
        article = reader.get_article(driver, aid)
        assert article is not None and art.id is not None, f"{art.id} was not loaded"
        for att in article.attributions:
            name = _label(art.id, att.claim.text)
            primary = [s for s in att.speakers if s.primary is not False]
            assert len(primary) == 1, f"{name}: speakers {att.speakers}"
            speaker[name] = primary[0].name
            speaker_node[name] = primary[0].id
            claim_node[name] = att.claim.id

    def groups(node: dict[str, str]) -> frozenset[frozenset[str]]:
        by: dict[str, set[str]] = {}
        for name, nid in node.items():
            by.setdefault(nid, set()).add(name)
        return frozenset(frozenset(g) for g in by.values())

    members = {cid: frozenset(n for n, c in claim_node.items() if c == cid) for cid in claim_node.values()}
    disputes: set[tuple[frozenset[str], frozenset[str]]] = set()
    for cid in members:
        detail = reader.get_claim(driver, cid)
        assert detail is not None
        for link in detail.disputes:
            # Only the story's claims: anything else on the shared server would be a wrong link.
            assert link.claim.id in members, f"{members[cid]} disputes a claim outside the story: {link}"
            disputes.add((members[cid], members[link.claim.id]))
        for link in detail.disputed_by:
            assert link.claim.id in members, f"{members[cid]} disputed by a claim outside the story: {link}"
    return Snapshot(
        counts=reader.articles_footprint(driver, ARTICLE_IDS),
        speaker=speaker,
        same_speaker=groups(speaker_node),
        same_claim=groups(claim_node),
        disputes=frozenset(disputes),
    )


def _load(driver: neo4j.Driver, articles: list[ArticleIn]) -> Snapshot:
    for art in articles:
        result = ingest.ingest_article(driver, art)
        assert result.created, f"{art.id} was already in the graph"
    return _snapshot(driver)


@pytest.fixture
def clean_story(neo4j_driver: neo4j.Driver) -> Iterator[neo4j.Driver]:
    _delete_fixture(neo4j_driver)
    yield neo4j_driver
    _delete_fixture(neo4j_driver)


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


EXPECTED_COUNTS = {
    "articles": 4,
    # accusation (asserted twice), inspectors, denial, spokesman's quote, harvest
    "claims": 5,
    "reports": 6,
    # Jane Holloway, Apex Mining, Mark Ruiz, Tom Holloway
    "speakers": 4,
    "asserts": 6,
    # the denial disputes the accusation (one edge, although two articles assert it)
    "disputes": 1,
}
EXPECTED_SPEAKER = {
    "accusation": "Jane Holloway",
    "inspectors ignored it": "Jane Holloway",
    "repetition": "Jane Holloway",
    "denial": "Apex Mining",
    "spokesman's quote": "Mark Ruiz",
    "harvest": "Tom Holloway",
}
EXPECTED_SAME_SPEAKER = frozenset(
    {
        _f("accusation", "inspectors ignored it", "repetition"),  # one Jane Holloway across two outlets
        _f("denial"),
        _f("spokesman's quote"),
        _f("harvest"),  # Tom Holloway is someone else
    }
)
EXPECTED_SAME_CLAIM = frozenset(
    {
        _f("accusation", "repetition"),  # one Claim, two ASSERTS
        _f("inspectors ignored it"),
        _f("denial"),  # restates the accusation, but denies it: a dispute, never the same Claim
        _f("spokesman's quote"),
        _f("harvest"),
    }
)
EXPECTED_DISPUTES = frozenset(
    {
        (_f("denial"), _f("accusation", "repetition")),  # the denial answers, whatever the dates
    }
)


def _check(snap: Snapshot) -> None:
    assert snap.speaker == EXPECTED_SPEAKER
    assert snap.same_speaker == EXPECTED_SAME_SPEAKER
    assert snap.same_claim == EXPECTED_SAME_CLAIM
    assert snap.disputes == EXPECTED_DISPUTES
    assert {k: snap.counts[k] for k in EXPECTED_COUNTS} == EXPECTED_COUNTS


def test_story_in_publication_order(clean_story: neo4j.Driver) -> None:
    _check(_load(clean_story, ARTICLES))


def test_story_in_any_order_gives_the_same_graph(clean_story: neo4j.Driver) -> None:
    forward = _load(clean_story, ARTICLES)
    _delete_fixture(clean_story)
    backward = _load(clean_story, ARTICLES[::-1])
    _delete_fixture(clean_story)
    # The denial first, then the repetition, the unrelated article, the original accusation last.
    shuffled = _load(clean_story, [ARTICLES[1], ARTICLES[2], ARTICLES[3], ARTICLES[0]])
    assert backward == forward
    assert shuffled == forward
    _check(forward)


def test_reloading_the_story_changes_nothing(clean_story: neo4j.Driver) -> None:
    first = _load(clean_story, ARTICLES)
    for art in ARTICLES:
        assert not ingest.ingest_article(clean_story, art).created
    assert _snapshot(clean_story) == first
