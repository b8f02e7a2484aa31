from __future__ import annotations

import pytest

from app.nlp.models import ArticleIn, Attribution, Dispute, Entity, Extraction, Speaker
from graph import ids
from graph.models import CrossDispute, Resolution
from graph.writer import build_rows, flat_span, normalize_published_at

TEXT = "Lavrov said the camp is closed. Palladino denied the camp is shut. Officials said rain fell."


def _at(word: str, nth: int = 0) -> tuple[int, int]:
    """The span of the nth occurrence of `word` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return (start, start + len(word))


def _extraction() -> Extraction:
    return Extraction(
        text=TEXT,
        attributions=[
            Attribution(
                source=[_at("Lavrov")],
                cue=[_at("said")],
                content=[_at("the camp is closed")],
                speaker="Sergey Lavrov",
            ),
            Attribution(
                source=[(32, 41)],
                cue=[(42, 48)],
                content=[(49, 67)],
                speaker="Robert Palladino",
                also=["Mr. X"],
            ),
            Attribution(
                source=[_at("Officials")],
                cue=[_at("said", 1)],
                content=[_at("rain fell")],
                speaker="officials",
            ),
            Attribution(source=[], cue=[], content=[_at("the camp is"), _at("closed")]),
        ],
        speakers=[
            Speaker(name="Sergey Lavrov", kind="PERSON", aliases=["Lavrov"], role="Foreign Minister"),
            Speaker(name="Robert Palladino", kind="PERSON", aliases=["Palladino"]),
            Speaker(name="officials", kind="GENERIC"),
        ],
        disputes=[Dispute(i=1, j=0, cue="denied", evidence="denied"), Dispute(i=3, j=0)],
        entities=[
            Entity(name="camp", label="FAC", attribution=0),
            Entity(name="Camp", label="FAC", attribution=3),
        ],
    )


def test_flat_span() -> None:
    assert flat_span([(1, 2), (5, 9)]) == [1, 2, 5, 9]
    assert flat_span([]) == []


def test_rows_for_one_article() -> None:
    rows = build_rows(ArticleIn(id="doc-1", title="T", published_at="2021-06-24"), _extraction())
    aid = ids.article_id(external_id="doc-1")
    assert rows.article_id == aid
    assert rows.article["published_at"] == "2021-06-24"
    assert rows.article["content_hash"] == ids.content_hash(TEXT)  # no text given: the extracted text
    # Attribution 0 and 3 have the same words ("the camp is closed" / "the camp is" … "closed"): one Claim.
    assert rows.claim_ids[0] == rows.claim_ids[3] == ids.claim_id("The camp is closed!")
    assert rows.claim_ids[1] == ids.claim_id("the camp is shut")
    assert len(rows.claims) == 3
    assert [r["attribution_index"] for r in rows.reports] == [0, 1, 2, 3]
    assert rows.reports[3]["props"]["content_span"] == [*_at("the camp is"), *_at("closed")]
    assert rows.reports[0]["props"]["cue"] == "said"
    assert rows.reports[0]["props"]["source_text"] == "Lavrov"
    # Speakers: Lavrov, Palladino, Mr. X (co-source), officials scoped to the article; attribution 3 has none.
    by_name = {s["name"]: s for s in rows.speakers}
    assert set(by_name) == {"Sergey Lavrov", "Robert Palladino", "Mr. X", "officials"}
    assert by_name["officials"]["id"] == ids.speaker_id("officials", kind="GENERIC", article_id=aid)
    assert by_name["officials"]["scope_article_id"] == aid
    assert by_name["Sergey Lavrov"]["aliases"] == ["Lavrov"]
    assert by_name["Sergey Lavrov"]["role"] == "Foreign Minister"
    assert [(a["attribution_index"], a["props"]["primary"]) for a in rows.asserts] == [
        (0, True),
        (1, True),
        (1, False),
        (2, True),
    ]
    # ASSERTS is thin: the provenance is on REPORTS only.
    assert all(set(a["props"]) == {"primary"} for a in rows.asserts)
    # Dispute [3, 0] joins one Claim to itself: dropped. [1, 0] stays.
    assert len(rows.disputes) == 1
    d = rows.disputes[0]
    assert (d["from_id"], d["to_id"]) == (rows.claim_ids[1], rows.claim_ids[0])
    assert d["props"]["scope"] == "article" and (d["props"]["i"], d["props"]["j"]) == (1, 0)
    # Both mentions (attributions 0 and 3 share a Claim) fold to one Entity on one Claim.
    assert [(m["id"], m["claim_id"]) for m in rows.mentions] == [
        (ids.entity_id("FAC", "camp"), rows.claim_ids[0])
    ]


def test_rows_are_deterministic() -> None:
    a = build_rows(ArticleIn(id="doc-1"), _extraction())
    b = build_rows(ArticleIn(id="doc-1"), _extraction())
    assert a == b


def test_content_hash_is_of_the_body_as_given() -> None:
    rows = build_rows(ArticleIn(text=TEXT + "\n"), _extraction())
    assert rows.article["content_hash"] == ids.content_hash(TEXT + "\n")
    assert rows.article_id == ids.article_id(text_hash=ids.content_hash(TEXT + "\n"))
    assert rows.article["external_id"] is None


def test_resolution_links_and_cross_disputes() -> None:
    res = Resolution(
        claim_links={2: "clm_existing"},
        speaker_links={"Sergey Lavrov": "spk_existing", "officials": "spk_officials"},
        cross_disputes=[
            CrossDispute(attribution=1, claim_id="clm_other", evidence="denied"),
            CrossDispute(attribution=0, claim_id="clm_older", direction="disputed_by"),
        ],
    )
    rows = build_rows(ArticleIn(id="doc-1"), _extraction(), res)
    assert rows.claim_ids[2] == "clm_existing"
    assert all(c["id"] != "clm_existing" for c in rows.claims)  # a linked claim is matched, never re-created
    lavrov = next(s for s in rows.speakers if s["id"] == "spk_existing")
    assert lavrov["aliases"] == ["Sergey Lavrov", "Lavrov"]
    officials = next(s for s in rows.speakers if s["id"] == "spk_officials")
    assert officials["scope_article_id"] is None  # linked to a shared node: not article-scoped
    assert rows.linked_speaker_ids == ["spk_existing", "spk_officials"]
    assert rows.linked_claim_ids == ["clm_existing", "clm_older", "clm_other"]
    cross = [d for d in rows.disputes if d["props"]["scope"] == "cross"]
    assert [(d["from_id"], d["to_id"], d["props"]["key"]) for d in cross] == [
        (rows.claim_ids[1], "clm_other", "x>1"),
        ("clm_older", rows.claim_ids[0], "x<0"),
    ]


def test_claim_link_to_a_claim_the_same_article_creates_is_not_an_external_link() -> None:
    own = build_rows(ArticleIn(id="doc-1"), _extraction()).claim_ids
    rows = build_rows(ArticleIn(id="doc-1"), _extraction(), Resolution(claim_links={1: own[0]}))
    assert rows.claim_ids[1] == own[0]
    assert rows.linked_claim_ids == []  # nothing to validate against the graph
    assert own[1] not in {c["id"] for c in rows.claims}


def test_bad_indices_are_refused() -> None:
    ex = _extraction()
    with pytest.raises(ValueError, match="attribution 9"):
        build_rows(ArticleIn(id="d"), ex, Resolution(claim_links={9: "clm_x"}))
    with pytest.raises(ValueError, match="cross dispute"):
        build_rows(
            ArticleIn(id="d"), ex, Resolution(cross_disputes=[CrossDispute(attribution=4, claim_id="c")])
        )
    bad = ex.model_copy(update={"disputes": [Dispute(i=0, j=7)]})
    with pytest.raises(ValueError, match="outside"):
        build_rows(ArticleIn(id="d"), bad)


def test_normalize_published_at() -> None:
    assert normalize_published_at("2016-09-16") == "2016-09-16"
    assert normalize_published_at("2016-09-16T10:00:00+02:00") == "2016-09-16T08:00:00Z"
    assert normalize_published_at("2016-09-16T10:00:00") == "2016-09-16T10:00:00Z"
    assert normalize_published_at("last Tuesday") == "last Tuesday"
    assert normalize_published_at("  ") is None
    assert normalize_published_at(None) is None
