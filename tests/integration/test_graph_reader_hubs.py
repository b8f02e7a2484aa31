"""Speaker-centred reads that must not grow with a much-quoted speaker, against the real Neo4j.

A hub speaker with many claims: their claims page off the ASSERTS index in id order; opponents come from
the ASSERTS flagged in_dispute, which must follow disputes written after the claim and claims repeated
after the dispute; a neighbourhood's fan-out is capped per node. Isolation: see graph_helpers.
"""

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
HUB, RIVAL, ECHO = f"Hubert Hub {TOK}", f"Rita Rival {TOK}", f"Eckart Echo {TOK}"
N_CLAIMS = 30


def _claim(k: int) -> str:
    return f"statement number {k} {TOK} about the budget"


@dataclass
class Hubs:
    hub: WriteResult  # HUB's N_CLAIMS claims, one article
    rival: WriteResult  # RIVAL disputes HUB's claim 0 (cross-article, written later)
    echo: WriteResult  # ECHO repeats HUB's claim 0 after the dispute, and HUB repeats claim 1


@pytest.fixture(scope="module")
def hubs(neo4j_driver: neo4j.Driver) -> Iterator[Hubs]:
    migrations.migrate(neo4j_driver)
    art, ext = build(f"{TOK}-hub", [Part("Hub", "said", _claim(k), speaker=HUB) for k in range(N_CLAIMS)])
    hub = writer.write_article(neo4j_driver, art, ext)
    art, ext = build(
        f"{TOK}-rival", [Part("Rival", "denied", f"rival {TOK} says the budget is fine", speaker=RIVAL)]
    )
    rival = writer.write_article(
        neo4j_driver,
        art,
        ext,
        resolution=Resolution(
            cross_disputes=[
                CrossDispute(
                    attribution=0, claim_id=hub.claim_ids[0], cue="denied", evidence="denied", method="rules"
                )
            ]
        ),
    )
    art, ext = build(
        f"{TOK}-echo",
        [Part("Echo", "said", _claim(0), speaker=ECHO), Part("Hub", "repeated", _claim(1), speaker=HUB)],
    )
    echo = writer.write_article(neo4j_driver, art, ext)
    yield Hubs(hub=hub, rival=rival, echo=echo)
    for aid in (echo.article_id, rival.article_id, hub.article_id):
        writer.delete_article(neo4j_driver, aid)


def test_claims_of_a_hub_page_in_id_order_each_claim_once(neo4j_driver: neo4j.Driver, hubs: Hubs) -> None:
    hub_id = hubs.hub.speaker_ids[HUB]
    assert hubs.echo.claim_ids == [hubs.hub.claim_ids[0], hubs.hub.claim_ids[1]]  # the same Claim nodes
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = reader.claims_by_speaker(neo4j_driver, hub_id, cursor=cursor, limit=7)
        seen += [c.id for c in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        assert page.next_cursor == page.items[-1].id
        cursor = page.next_cursor
    assert seen == sorted(hubs.hub.claim_ids) and pages == 5  # 30 claims: 7+7+7+7+2, claim 1 once
    repeated = next(
        c
        for c in reader.search_claims(neo4j_driver, speaker_id=hub_id, limit=50).items
        if c.id == hubs.hub.claim_ids[1]
    )
    assert repeated.report_count == 2 and [s.name for s in repeated.speakers] == [HUB]
    # Filters still apply on the indexed path.
    assert [c.id for c in reader.search_claims(neo4j_driver, speaker_id=hub_id, disputed=True).items] == [
        hubs.hub.claim_ids[0]
    ]
    assert reader.speaker_claims(neo4j_driver, "spk_does_not_exist") is None
    assert reader.speaker_claims(neo4j_driver, hub_id, limit=3) == reader.claims_by_speaker(
        neo4j_driver, hub_id, limit=3
    )


def test_opponents_follow_later_disputes_and_later_repetitions(
    neo4j_driver: neo4j.Driver, hubs: Hubs
) -> None:
    hub_id, rival_id = hubs.hub.speaker_ids[HUB], hubs.rival.speaker_ids[RIVAL]
    echo_id = hubs.echo.speaker_ids[ECHO]
    (o,) = reader.speaker_opponents(neo4j_driver, hub_id).items
    assert (o.speaker.id, o.disputes_by_speaker, o.disputes_by_opponent, o.total) == (rival_id, 0, 1, 1)
    # ECHO asserted the disputed claim after the dispute was written: its ASSERTS is flagged too.
    (o,) = reader.speaker_opponents(neo4j_driver, echo_id).items
    assert (o.speaker.id, o.disputes_by_speaker, o.disputes_by_opponent) == (rival_id, 0, 1)
    rival_side = reader.speaker_opponents(neo4j_driver, rival_id).items
    assert [(x.speaker.name, x.disputes_by_speaker, x.disputes_by_opponent) for x in rival_side] == [
        (ECHO, 1, 0),
        (HUB, 1, 0),
    ]
    assert reader.speaker_opponents_or_none(neo4j_driver, "spk_does_not_exist") is None
    assert reader.speaker_opponents_or_none(neo4j_driver, hub_id) == reader.speaker_opponents(
        neo4j_driver, hub_id
    )


def test_neighbourhood_fanout_is_capped_per_node(neo4j_driver: neo4j.Driver, hubs: Hubs) -> None:
    hub_id = hubs.hub.speaker_ids[HUB]
    start = hubs.hub.claim_ids[5]  # one article, one speaker, no dispute
    hood = reader.claim_neighbourhood(neo4j_driver, start, depth=2, fanout=5)
    assert hood is not None
    hub_asserts = [e for e in hood.edges if e.type == "ASSERTS" and e.source == hub_id]
    reports = [e for e in hood.edges if e.type == "REPORTS" and e.source == hubs.hub.article_id]
    # Hop 1 takes the start claim's own ASSERTS and REPORTS; hop 2 at most 5 more of each hub.
    assert 5 <= len(hub_asserts) <= 6 and 5 <= len(reports) <= 6
    assert any(e.target == start for e in hub_asserts) and any(e.target == start for e in reports)
    assert all(set(e.properties) == {"article_id", "attribution_index", "primary"} for e in hub_asserts)
    (art,) = [n for n in hood.nodes if n.label == "Article"]
    assert "text" not in art.properties and art.properties["external_id"] == f"{TOK}-hub"
    full = reader.claim_neighbourhood(neo4j_driver, start, depth=2)
    assert full is not None
    assert len([e for e in full.edges if e.type == "ASSERTS" and e.source == hub_id]) in (25, 26)
