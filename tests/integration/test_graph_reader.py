"""Readers return what the writer wrote, against the real Neo4j. Isolation: see graph_helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import neo4j
import pytest

from graph import migrations, reader, writer
from graph.models import CrossDispute, Resolution, WriteResult
from tests.integration.graph_helpers import Part, build, new_token

pytestmark = pytest.mark.integration

TOK = new_token()
LAVROV, SOLOMATIN, PALLADINO = f"Sergey Lavrov {TOK}", f"Sergei Solomatin {TOK}", f"Robert Palladino {TOK}"


@dataclass
class Story:
    a: WriteResult
    b: WriteResult
    a_text: str


@pytest.fixture(scope="module")
def story(neo4j_driver: neo4j.Driver) -> Iterator[Story]:
    migrations.migrate(neo4j_driver)
    a_art, a_ext = build(
        f"{TOK}-a",
        [
            Part(
                "Lavrov",
                "said",
                f"militants {TOK} are preventing refugees from leaving Rukban{TOK}",
                speaker=LAVROV,
                aliases=["Lavrov"],
                entities=[(f"Rukban{TOK}", "GPE")],
            ),
            Part(
                "Solomatin",
                "told a briefing",
                f"armed groups {TOK} operate near the camp",
                speaker=SOLOMATIN,
                aliases=["Solomatin"],
            ),
        ],
        title="Militants still preventing refugees",
        source=f"{TOK}-wire",
        published_at="2021-06-21",
    )
    ra = writer.write_article(neo4j_driver, a_art, a_ext)
    b_art, b_ext = build(
        f"{TOK}-b",
        [
            Part(
                "Palladino",
                "replied",
                f"the United States {TOK} is not preventing anyone from leaving",
                speaker=PALLADINO,
            ),
            Part("Officials", "said", f"aid {TOK} reached the camp", speaker="officials", kind="GENERIC"),
        ],
        title="US replies",
        source=f"{TOK}-wire",
        published_at="2021-06-24T10:00:00+02:00",
    )
    b_art = b_art.model_copy(update={"url": f"https://example.org/{TOK}/b"})
    rb = writer.write_article(
        neo4j_driver,
        b_art,
        b_ext,
        resolution=Resolution(
            cross_disputes=[
                CrossDispute(
                    attribution=0,
                    claim_id=ra.claim_ids[0],
                    cue="replied",
                    evidence="replied ... not preventing",
                    method="rules",
                )
            ]
        ),
    )
    yield Story(a=ra, b=rb, a_text=a_ext.text)
    for aid in (ra.article_id, rb.article_id):
        writer.delete_article(neo4j_driver, aid)


def test_get_article_returns_triples_in_order_with_spans(neo4j_driver: neo4j.Driver, story: Story) -> None:
    detail = reader.get_article(neo4j_driver, story.a.article_id)
    assert detail is not None
    assert detail.article.external_id == f"{TOK}-a" and detail.article.published_at == "2021-06-21"
    assert detail.article.attribution_count == 2 and detail.text == story.a_text
    assert detail.article.ingested_at is not None and detail.article.content_hash
    assert [
        (t.provenance.attribution_index, t.claim.id, [s.name for s in t.speakers])
        for t in detail.attributions
    ] == [
        (0, story.a.claim_ids[0], [LAVROV]),
        (1, story.a.claim_ids[1], [SOLOMATIN]),
    ]
    t0 = detail.attributions[0].provenance
    assert t0.source_span == [[0, 6]] and t0.cue_span == [[7, 11]]
    ((s, e),) = t0.content_span
    assert story.a_text[s:e] == detail.attributions[0].claim.text
    assert (
        t0.quote_type == "indirect" and t0.cue == "said" and t0.source_text == "Lavrov" and t0.sentence == 0
    )
    assert detail.disputes == []
    assert reader.get_article(neo4j_driver, "art_nope") is None


def test_list_articles_filters_and_pages(neo4j_driver: neo4j.Driver, story: Story) -> None:
    ids_sorted = sorted([story.a.article_id, story.b.article_id])
    page1 = reader.list_articles(neo4j_driver, source=f"{TOK}-wire", limit=1)
    assert [a.id for a in page1.items] == ids_sorted[:1] and page1.next_cursor == ids_sorted[0]
    page2 = reader.list_articles(neo4j_driver, source=f"{TOK}-wire", limit=1, cursor=page1.next_cursor)
    assert [a.id for a in page2.items] == ids_sorted[1:] and page2.next_cursor is None
    since = reader.list_articles(neo4j_driver, source=f"{TOK}-wire", since="2021-06-22")
    assert [a.id for a in since.items] == [story.b.article_id]
    assert since.items[0].published_at == "2021-06-24T08:00:00Z"  # normalized to UTC
    until = reader.list_articles(neo4j_driver, source=f"{TOK}-wire", until="2021-06-22")
    assert [a.id for a in until.items] == [story.a.article_id]
    assert reader.list_articles(neo4j_driver, source=f"{TOK}-nothing").items == []


def test_find_article_id(neo4j_driver: neo4j.Driver, story: Story) -> None:
    detail = reader.get_article(neo4j_driver, story.a.article_id)
    assert detail is not None and detail.article.content_hash
    assert (
        reader.find_article_id(neo4j_driver, content_hash=detail.article.content_hash) == story.a.article_id
    )
    assert reader.find_article_id(neo4j_driver, content_hash="0" * 64) is None
    assert reader.find_article_id(neo4j_driver, url=f"https://example.org/{TOK}/b") == story.b.article_id
    assert reader.find_article_id(
        neo4j_driver, content_hash="0" * 64, url=f"https://example.org/{TOK}/b"
    ) == (story.b.article_id)
    assert reader.find_article_id(neo4j_driver) is None
    assert reader.loaded_content_hashes(neo4j_driver, [detail.article.content_hash, "0" * 64]) == {
        detail.article.content_hash
    }


def test_search_claims(neo4j_driver: neo4j.Driver, story: Story) -> None:
    lavrov_claim = story.a.claim_ids[0]
    hits = reader.search_claims(neo4j_driver, q=f"{TOK} refugees")
    assert [c.id for c in hits.items] == [lavrov_claim]
    assert hits.items[0].speakers[0].name == LAVROV and hits.items[0].disputed_by_count == 1
    mine = reader.search_claims(neo4j_driver, q=TOK)
    assert len(mine.items) == 4
    assert [c.id for c in mine.items] == sorted(c.id for c in mine.items)
    assert {c.id for c in reader.search_claims(neo4j_driver, q=TOK, disputed=True).items} == {
        lavrov_claim,
        story.b.claim_ids[0],
    }
    assert len(reader.search_claims(neo4j_driver, q=TOK, disputed=False).items) == 2
    by_speaker = reader.search_claims(neo4j_driver, speaker_id=story.a.speaker_ids[SOLOMATIN])
    assert [c.id for c in by_speaker.items] == [story.a.claim_ids[1]]
    assert reader.claims_by_speaker(neo4j_driver, story.a.speaker_ids[SOLOMATIN]).items == by_speaker.items
    by_entity = reader.search_claims(neo4j_driver, entity=f"rukban{TOK}")  # name, any case
    assert [c.id for c in by_entity.items] == [lavrov_claim]
    late = reader.search_claims(neo4j_driver, q=TOK, since="2021-06-22")
    assert {c.id for c in late.items} == set(story.b.claim_ids)
    p1 = reader.search_claims(neo4j_driver, q=TOK, limit=3)
    p2 = reader.search_claims(neo4j_driver, q=TOK, limit=3, cursor=p1.next_cursor)
    assert len(p1.items) == 3 and len(p2.items) == 1 and p2.next_cursor is None
    assert reader.search_claims(neo4j_driver, q='(( "" ??').items == []  # only syntax: no words, no error
    # Operators and quotes are escaped, not parsed.
    assert reader.search_claims(neo4j_driver, q=f'{TOK} AND "refugees" OR (militants').items


def test_get_claim_with_provenance_and_disputes_both_ways(neo4j_driver: neo4j.Driver, story: Story) -> None:
    claim = reader.get_claim(neo4j_driver, story.a.claim_ids[0])
    assert claim is not None
    assert [(x.article.id, x.provenance.cue, [s.name for s in x.speakers]) for x in claim.assertions] == [
        (story.a.article_id, "said", [LAVROV])
    ]
    assert [e.label for e in claim.entities] == ["GPE"]
    (by,) = claim.disputed_by
    assert by.claim.id == story.b.claim_ids[0] and [s.name for s in by.speakers] == [PALLADINO]
    assert (by.dispute.cue, by.dispute.evidence, by.dispute.method) == (
        "replied",
        "replied ... not preventing",
        "rules",
    )
    other = reader.get_claim(neo4j_driver, story.b.claim_ids[0])
    assert other is not None and [d.claim.id for d in other.disputes] == [story.a.claim_ids[0]]
    assert reader.get_claim(neo4j_driver, "clm_nope") is None


def test_speakers(neo4j_driver: neo4j.Driver, story: Story) -> None:
    found = reader.search_speakers(neo4j_driver, q=TOK)
    assert {s.name for s in found.items} == {LAVROV, SOLOMATIN, PALLADINO}
    assert reader.search_speakers(neo4j_driver, q=f"lavrov {TOK}").items[0].name == LAVROV
    assert {s.name for s in reader.search_speakers(neo4j_driver, q=TOK, kind="ORG").items} == set()
    lavrov = reader.get_speaker(neo4j_driver, story.a.speaker_ids[LAVROV])
    assert lavrov is not None
    assert (lavrov.kind, lavrov.aliases, lavrov.claim_count, lavrov.article_count) == (
        "PERSON",
        ["Lavrov"],
        1,
        1,
    )
    officials = reader.get_speaker(neo4j_driver, story.b.speaker_ids["officials"])
    assert (
        officials is not None
        and officials.kind == "GENERIC"
        and officials.scope_article_id == story.b.article_id
    )
    assert reader.get_speaker(neo4j_driver, "spk_nope") is None


def test_opponents_and_disputes(neo4j_driver: neo4j.Driver, story: Story) -> None:
    lavrov, palladino = story.a.speaker_ids[LAVROV], story.b.speaker_ids[PALLADINO]
    (o,) = reader.speaker_opponents(neo4j_driver, lavrov).items
    assert (o.speaker.id, o.disputes_by_speaker, o.disputes_by_opponent, o.total) == (palladino, 0, 1, 1)
    (o,) = reader.speaker_opponents(neo4j_driver, palladino).items
    assert (o.speaker.id, o.disputes_by_speaker, o.disputes_by_opponent) == (lavrov, 1, 0)
    assert reader.speaker_opponents(neo4j_driver, story.a.speaker_ids[SOLOMATIN]).items == []
    (d,) = reader.list_disputes(neo4j_driver, speaker_id=lavrov).items
    assert d.claim.id == story.b.claim_ids[0] and d.disputed_claim.id == story.a.claim_ids[0]
    assert [s.name for s in d.speakers] == [PALLADINO] and [s.name for s in d.disputed_speakers] == [LAVROV]
    assert d.article is not None and d.article.id == story.b.article_id and d.dispute.scope == "cross"
    assert reader.list_disputes(neo4j_driver, speaker_id=lavrov, since="2021-06-25").items == []


def test_neighbourhood(neo4j_driver: neo4j.Driver, story: Story) -> None:
    hood = reader.claim_neighbourhood(neo4j_driver, story.a.claim_ids[0], depth=1)
    assert hood is not None
    assert hood.nodes[0].id == story.a.claim_ids[0]
    assert sorted(n.label for n in hood.nodes) == ["Article", "Claim", "Claim", "Entity", "Speaker"]
    assert sorted(e.type for e in hood.edges) == ["ASSERTS", "DISPUTES", "MENTIONS", "REPORTS"]
    deeper = reader.claim_neighbourhood(neo4j_driver, story.a.claim_ids[0], depth=2)
    assert deeper is not None
    assert {n.id for n in deeper.nodes} >= {
        story.b.article_id,
        story.b.speaker_ids[PALLADINO],
        story.a.speaker_ids[LAVROV],
        story.a.claim_ids[1],
    }
    assert reader.claim_neighbourhood(neo4j_driver, "clm_nope") is None
    with pytest.raises(ValueError):
        reader.claim_neighbourhood(neo4j_driver, story.a.claim_ids[0], depth=4)


def test_stats_and_footprint(neo4j_driver: neo4j.Driver, story: Story) -> None:
    fp = reader.articles_footprint(neo4j_driver, [story.a.article_id, story.b.article_id])
    assert fp == {
        "articles": 2,
        "claims": 4,
        "reports": 4,
        "speakers": 4,
        "asserts": 4,
        "disputes": 1,
        "entities": 1,
        "mentions": 1,
    }
    st = reader.stats(neo4j_driver)
    assert set(st.nodes) == {"articles", "speakers", "claims", "entities"}
    assert set(st.relationships) == {"asserts", "reports", "disputes", "mentions"}
    assert st.nodes["claims"] >= 4 and st.relationships["disputes"] >= 1


def test_export_eval(neo4j_driver: neo4j.Driver, story: Story) -> None:
    recs = {r["id"]: r for r in reader.export_eval_records(neo4j_driver) if r["id"].startswith(TOK)}
    assert sorted(recs) == [f"{TOK}-a", f"{TOK}-b"]
    a = recs[f"{TOK}-a"]
    assert a["attributions"][0] == {
        "source": [[0, 6]],
        "cue": [[7, 11]],
        "content": a["attributions"][0]["content"],
        "speaker": LAVROV,
        "speaker_kind": "PERSON",
        "quote_type": "indirect",
        "confidence": 1.0,
        "claim_id": story.a.claim_ids[0],
    }
    assert a["disputes"] == [] and a["cross_disputes"] == []
    b = recs[f"{TOK}-b"]
    assert [x["speaker"] for x in b["attributions"]] == [PALLADINO, "officials"]
    assert b["cross_disputes"] == [[0, f"{TOK}-a", 0]]


def test_candidates(neo4j_driver: neo4j.Driver, story: Story) -> None:
    hits = reader.claim_candidates(neo4j_driver, f"Refugees are prevented from leaving by {TOK} militants")
    assert hits[0].id == story.a.claim_ids[0] and hits[0].score > 0
    assert [a.id for a in hits[0].articles] == [story.a.article_id]
    skipped = reader.claim_candidates(
        neo4j_driver, f"{TOK} militants refugees", exclude_article_id=story.a.article_id
    )
    assert story.a.claim_ids[0] not in {h.id for h in skipped}
    assert reader.claim_candidates(neo4j_driver, "?!") == []
    by_alias = reader.speaker_candidates(neo4j_driver, "Lavrov")
    assert story.a.speaker_ids[LAVROV] in {c.id for c in by_alias if c.exact}
    assert all(
        c.id != story.b.speaker_ids["officials"] for c in reader.speaker_candidates(neo4j_driver, "officials")
    )
    assert [c.id for c in reader.claims_by_ids(neo4j_driver, [story.a.claim_ids[1]])] == [
        story.a.claim_ids[1]
    ]
