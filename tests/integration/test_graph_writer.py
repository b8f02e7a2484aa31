"""The writer against the real Neo4j: idempotent loads, merging across articles, replacement on
re-load, cross-article resolution, per-article failure isolation. Isolation: see graph_helpers."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from graph import db, ids, migrations, reader, writer
from graph.errors import ResolutionError
from graph.models import CrossDispute, Resolution, WriteFailure, WriteResult
from tests.integration.graph_helpers import Part, build, new_token

pytestmark = pytest.mark.integration

TOK = new_token()
_WRITTEN: set[str] = set()


@pytest.fixture(scope="module")
def driver(neo4j_driver: neo4j.Driver) -> Iterator[neo4j.Driver]:
    migrations.migrate(neo4j_driver)
    yield neo4j_driver
    for aid in sorted(_WRITTEN):
        writer.delete_article(neo4j_driver, aid)


def _write(driver: neo4j.Driver, article, extraction, resolution=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = writer.write_article(driver, article, extraction, resolution=resolution)
    _WRITTEN.add(result.article_id)
    return result


def _story(ext_id: str) -> tuple:  # type: ignore[type-arg]
    """Three attributions and a dispute; names and texts carry a fresh token so stories never share nodes."""
    t = new_token()
    return build(
        ext_id,
        [
            Part(
                "Lavrov",
                "said",
                f"militants {t} keep refugees in the camp",
                speaker=f"Sergey Lavrov {t}",
                aliases=["Lavrov"],
                entities=[("camp", "FAC")],
            ),
            Part(
                "Palladino",
                "denied",
                f"that militants {t} keep anyone in the camp",
                speaker=f"Robert Palladino {t}",
            ),
            Part("Officials", "said", f"rain {t} fell on the camp", speaker="officials", kind="GENERIC"),
        ],
        disputes=[(1, 0)],
        title="Camp",
        source=f"{TOK}-wire",
        published_at="2021-06-24",
    )


def test_same_article_three_times_changes_no_counts(driver: neo4j.Driver) -> None:
    article, extraction = _story(f"{TOK}-idem")
    first = _write(driver, article, extraction)
    expected = {
        "articles": 1,
        "claims": 3,
        "reports": 3,
        "speakers": 3,
        "asserts": 3,
        "disputes": 1,
        "entities": 1,
        "mentions": 1,
    }
    assert reader.articles_footprint(driver, [first.article_id]) == expected
    assert first.counters["nodes_created"] == 1 + 3 + 3 + 1  # article, speakers, claims, entity
    for _ in range(2):
        again = _write(driver, article, extraction)
        assert again.article_id == first.article_id and again.claim_ids == first.claim_ids
        assert reader.articles_footprint(driver, [first.article_id]) == expected
        assert again.counters["nodes_created"] == 0
        assert again.counters["relationships_created"] == 0
        assert again.counters["nodes_deleted"] == 0
        assert again.counters["relationships_deleted"] == 0


def test_two_articles_same_claim_same_speaker(driver: neo4j.Driver) -> None:
    speaker = f"Maria Zakharova {TOK}"
    a = build(f"{TOK}-same-a", [Part("Zakharova", "said", f"the {TOK} talks failed", speaker=speaker)])
    b = build(
        f"{TOK}-same-b",
        [Part("The spokeswoman", "told reporters", f"The {TOK} talks FAILED!", speaker=speaker)],
        source="other",
    )
    ra, rb = _write(driver, *a), _write(driver, *b)
    assert ra.claim_ids == rb.claim_ids
    fp = reader.articles_footprint(driver, [ra.article_id, rb.article_id])
    assert fp == {
        "articles": 2,
        "claims": 1,
        "reports": 2,
        "speakers": 1,
        "asserts": 2,
        "disputes": 0,
        "entities": 0,
        "mentions": 0,
    }
    claim = reader.get_claim(driver, ra.claim_ids[0])
    assert claim is not None
    assert sorted(x.article.id for x in claim.assertions) == sorted([ra.article_id, rb.article_id])
    assert {s.name for x in claim.assertions for s in x.speakers} == {speaker}
    assert [x.provenance.cue for x in claim.assertions if x.article.id == rb.article_id] == ["told reporters"]


def test_reload_with_a_changed_extraction_replaces_what_the_article_said(driver: neo4j.Driver) -> None:
    article, extraction = _story(f"{TOK}-replace")
    first = _write(driver, article, extraction)
    palladino = next(sid for name, sid in first.speaker_ids.items() if name.startswith("Robert Palladino"))
    smaller = extraction.model_copy(update={"attributions": extraction.attributions[:1], "disputes": []})
    second = _write(driver, article, smaller)
    assert second.article_id == first.article_id
    assert reader.articles_footprint(driver, [first.article_id]) == {
        "articles": 1,
        "claims": 1,
        "reports": 1,
        "speakers": 1,
        "asserts": 1,
        "disputes": 0,
        "entities": 1,
        "mentions": 1,
    }
    # Nodes only the old load held are gone; the kept claim is untouched.
    assert reader.get_claim(driver, first.claim_ids[1]) is None
    assert reader.get_speaker(driver, palladino) is None
    assert reader.get_claim(driver, first.claim_ids[0]) is not None


def test_cross_article_resolution_links_claims_speakers_and_disputes(driver: neo4j.Driver) -> None:
    t = new_token()
    lavrov = f"Sergey Lavrov {t}"
    a_art, a_ext = build(
        f"{TOK}-x-a",
        [Part("Lavrov", "said", f"the {TOK} convoy was attacked by rebels", speaker=lavrov)],
        published_at="2021-06-20",
    )
    ra = _write(driver, a_art, a_ext)
    lavrov_id, convoy_claim = ra.speaker_ids[lavrov], ra.claim_ids[0]

    # Article B: another spelling of Lavrov repeats the claim in other words; a spokesman denies it.
    b_art, b_ext = build(
        f"{TOK}-x-b",
        [
            Part(
                "Sergei Lavrov",
                "repeated",
                f"rebels attacked the {TOK} convoy",
                speaker=f"Sergei Lavrov {t}",
            ),
            Part(
                "Price",
                "rejected",
                f"claims that rebels attacked the {TOK} convoy",
                speaker=f"Ned Price {TOK}",
            ),
        ],
        published_at="2021-06-22",
    )
    # Only this run's names: Lavrovs left by earlier runs on the same server share two of the words.
    cands = [c for c in reader.speaker_candidates(driver, f"Sergei Lavrov {t}") if c.name.endswith(t)]
    assert cands and cands[0].id == lavrov_id and not cands[0].exact  # fuzzy full-text: Sergei ~ Sergey
    claim_cands = reader.claim_candidates(driver, f"rebels attacked the {TOK} convoy")
    assert claim_cands[0].id == convoy_claim
    assert [s.id for s in claim_cands[0].speakers] == [lavrov_id]
    resolution = Resolution(
        claim_links={0: convoy_claim},
        speaker_links={f"Sergei Lavrov {t}": lavrov_id},
        cross_disputes=[
            CrossDispute(
                attribution=1,
                claim_id=convoy_claim,
                cue="rejected",
                evidence="rejected",
                confidence=0.8,
                method="cross-test",
            )
        ],
    )
    rb = _write(driver, b_art, b_ext, resolution)
    assert rb.claim_ids[0] == convoy_claim
    assert rb.speaker_ids[f"Sergei Lavrov {t}"] == lavrov_id

    fp = reader.articles_footprint(driver, [ra.article_id, rb.article_id])
    assert fp == {
        "articles": 2,
        "claims": 2,
        "reports": 3,
        "speakers": 2,
        "asserts": 3,
        "disputes": 1,
        "entities": 0,
        "mentions": 0,
    }
    speaker = reader.get_speaker(driver, lavrov_id)
    assert speaker is not None and speaker.name == lavrov and speaker.aliases == [f"Sergei Lavrov {t}"]
    assert speaker.claim_count == 1 and speaker.article_count == 2 and speaker.assertion_count == 2
    exact = reader.speaker_candidates(driver, f"sergei lavrov {t}")
    assert exact[0].id == lavrov_id and exact[0].exact  # now an alias

    claim = reader.get_claim(driver, convoy_claim)
    assert claim is not None and claim.text == f"the {TOK} convoy was attacked by rebels"  # first text wins
    assert len(claim.assertions) == 2 and claim.disputes == []
    (link,) = claim.disputed_by
    assert link.claim.id == rb.claim_ids[1]
    assert link.dispute.scope == "cross" and link.dispute.article_id == rb.article_id
    assert (link.dispute.evidence, link.dispute.confidence, link.dispute.method) == (
        "rejected",
        0.8,
        "cross-test",
    )
    assert [s.name for s in link.speakers] == [f"Ned Price {TOK}"]

    records = {r["id"]: r for r in reader.export_eval_records(driver) if r["id"] in (a_art.id, b_art.id)}
    assert records[b_art.id]["cross_disputes"] == [[1, a_art.id, 0]]
    assert records[a_art.id]["cross_disputes"] == []
    assert (
        records[b_art.id]["attributions"][0]["claim_id"] == records[a_art.id]["attributions"][0]["claim_id"]
    )
    assert records[b_art.id]["attributions"][0]["speaker"] == lavrov  # the node's canonical name

    # Loading B again with the same resolution changes nothing.
    again = _write(driver, b_art, b_ext, resolution)
    assert again.counters["nodes_created"] == again.counters["relationships_created"] == 0
    assert reader.articles_footprint(driver, [ra.article_id, rb.article_id]) == fp


def test_resolution_to_an_unknown_id_writes_nothing(driver: neo4j.Driver) -> None:
    art, ext = build(f"{TOK}-unknown", [Part("Someone", "said", f"{TOK} things", speaker=f"Some One {TOK}")])
    with pytest.raises(ResolutionError, match="clm_doesnotexist"):
        writer.write_article(driver, art, ext, resolution=Resolution(claim_links={0: "clm_doesnotexist"}))
    assert reader.get_article(driver, ids.article_id(external_id=art.id)) is None


def test_write_articles_isolates_a_failing_article(driver: neo4j.Driver) -> None:
    good1 = build(f"{TOK}-batch-1", [Part("A", "said", f"{TOK} one", speaker=f"Ann Abel {TOK}")])
    bad_art, bad_ext = build(f"{TOK}-batch-2", [Part("B", "said", f"{TOK} two", speaker=f"Bob Bell {TOK}")])
    bad = (bad_art, bad_ext, Resolution(claim_links={0: "clm_missing"}))
    good2 = build(f"{TOK}-batch-3", [Part("C", "said", f"{TOK} three", speaker=f"Cy Cole {TOK}")])
    results = writer.write_articles(driver, [good1, bad, good2])
    for r in results:
        if isinstance(r, WriteResult):
            _WRITTEN.add(r.article_id)
    assert [type(r).__name__ for r in results] == ["WriteResult", "WriteFailure", "WriteResult"]
    failure = results[1]
    assert isinstance(failure, WriteFailure)
    assert failure.external_id == f"{TOK}-batch-2" and failure.error_type == "ResolutionError"
    assert reader.get_article(driver, ids.article_id(external_id=f"{TOK}-batch-3")) is not None
    assert reader.get_article(driver, ids.article_id(external_id=f"{TOK}-batch-2")) is None


def test_delete_article_keeps_what_others_hold(driver: neo4j.Driver) -> None:
    speaker = f"Dan Dale {TOK}"
    a = build(f"{TOK}-del-a", [Part("Dale", "said", f"{TOK} shared claim", speaker=speaker)])
    b = build(
        f"{TOK}-del-b",
        [
            Part("Dale", "said", f"{TOK} shared claim", speaker=speaker),
            Part("Dale", "added", f"{TOK} own claim", speaker=speaker),
        ],
    )
    ra, rb = _write(driver, *a), _write(driver, *b)
    assert writer.delete_article(driver, rb.article_id) is True
    assert writer.delete_article(driver, rb.article_id) is False
    assert reader.get_claim(driver, rb.claim_ids[1]) is None
    assert reader.get_claim(driver, ra.claim_ids[0]) is not None
    assert reader.articles_footprint(driver, [ra.article_id])["speakers"] == 1


def test_write_article_accepts_a_caller_session(driver: neo4j.Driver) -> None:
    article, extraction = _story(f"{TOK}-session")
    with db.session(driver) as s:
        first = writer.write_article(s, article, extraction)
        _WRITTEN.add(first.article_id)
        again = writer.write_article(s, article, extraction)
    assert again.counters["nodes_created"] == 0
    assert reader.articles_footprint(driver, [first.article_id])["claims"] == 3


def test_claim_merges_fold_two_existing_claims_into_one(driver: neo4j.Driver) -> None:
    """Two outlets report one statement in words too far apart to link; a third report matches both:
    the two Claims become one, with every report, assertion, dispute and mention moved onto it."""
    t = new_token()
    times = f"The Times {t}"
    a_art, a_ext = build(
        f"{TOK}-m-a",
        [
            Part(
                "The Times",
                "reported",
                f"{t} Corp lost $916 million in 1995",
                speaker=times,
                kind="ORG",
                entities=[(f"{t} Corp", "ORG")],
            )
        ],
        published_at="2016-10-01",
    )
    b_art, b_ext = build(
        f"{TOK}-m-b",
        [
            Part(
                "Analysts",
                "wrote",
                f"{t} Corp took a loss that avoided taxes",
                speaker="analysts",
                kind="GENERIC",
            ),
            Part("Smith", "denied", f"that {t} Corp lost money", speaker=f"Ann Smith {t}"),
        ],
        disputes=[(1, 0)],
        published_at="2016-10-02",
    )
    ra, rb = _write(driver, a_art, a_ext), _write(driver, b_art, b_ext)
    first, second, denial = ra.claim_ids[0], rb.claim_ids[0], rb.claim_ids[1]
    assert len({first, second, denial}) == 3

    c_art, c_ext = build(
        f"{TOK}-m-c",
        [Part("The Times", "said", f"{t} Corp lost $916 million, avoiding taxes", speaker=times, kind="ORG")],
        published_at="2016-10-03",
    )
    rc = _write(
        driver,
        c_art,
        c_ext,
        Resolution(
            claim_links={0: first}, speaker_links={times: ra.speaker_ids[times]}, claim_merges={second: first}
        ),
    )
    assert rc.claim_ids == [first]
    assert reader.get_claim(driver, second) is None
    claim = reader.get_claim(driver, first)
    assert claim is not None and claim.text == f"{t} Corp lost $916 million in 1995"
    assert sorted(x.article.id for x in claim.assertions) == sorted(
        [ra.article_id, rb.article_id, rc.article_id]
    )
    (link,) = claim.disputed_by  # B's in-article dispute now points at the surviving claim
    assert link.claim.id == denial and link.dispute.article_id == rb.article_id
    with driver.session() as s:
        merged_ids = s.run("MATCH (c:Claim {id: $id}) RETURN c.merged_ids AS m", id=first).single(
            strict=True
        )["m"]
        flags = s.run(
            "MATCH (:Speaker)-[r:ASSERTS]->(c:Claim {id: $id}) RETURN collect(r.in_dispute) AS f, "
            "collect(DISTINCT r.claim_id) AS ids",
            id=first,
        ).single(strict=True)
    assert merged_ids == [second]
    assert flags["ids"] == [first] and set(flags["f"]) == {True}
    fp = reader.articles_footprint(driver, [ra.article_id, rb.article_id, rc.article_id])
    assert (fp["claims"], fp["reports"], fp["asserts"], fp["disputes"], fp["mentions"]) == (2, 4, 4, 1, 1)
    records = {
        r["id"]: r for r in reader.export_eval_records(driver) if r["id"] in (a_art.id, b_art.id, c_art.id)
    }
    assert {records[x]["attributions"][0]["claim_id"] for x in (a_art.id, b_art.id, c_art.id)} == {first}

    # Loading C again with the same resolution (its merge already done) changes nothing.
    again = _write(
        driver,
        c_art,
        c_ext,
        Resolution(claim_links={0: first}, speaker_links={times: ra.speaker_ids[times]}),
    )
    assert again.counters["nodes_created"] == again.counters["relationships_created"] == 0


def test_claim_merges_refuse_chains() -> None:
    art, ext = build(None, [Part("A", "said", "x y z", speaker="A B")])
    with pytest.raises(ValueError, match="chain"):
        writer.build_rows(art, ext, Resolution(claim_merges={"clm_a": "clm_b", "clm_b": "clm_c"}))
