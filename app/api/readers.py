"""The API's view of `graph.reader`: calls the graph layer's reads and shapes results into API schemas.

Kept in one place so a change in the graph layer's return shapes touches one module, not every route.
`None` means "not found" (the route answers 404).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import Driver

from app.api import cursors
from app.api.deps import PageParams
from app.api.errors import ApiError
from app.api.schemas.articles import ArticleDispute, ArticleList, ArticlePublic, ArticleSummary, Triple
from app.api.schemas.claims import Assertion, ClaimList, ClaimPublic, ClaimSummary, DisputeLink
from app.api.schemas.disputes import DisputeList, DisputePublic
from app.api.schemas.graph import GraphEdge, GraphNode, Neighbourhood
from app.api.schemas.refs import ArticleRef, ClaimRef, DisputeInfo, EntityRef, Provenance, SpeakerRef
from app.api.schemas.speakers import Opponent, OpponentList, SpeakerList, SpeakerPublic, SpeakerSummary
from app.api.schemas.stats import Stats
from graph import ids, reader
from graph import models as gm


def _speaker(s: gm.SpeakerRef) -> SpeakerRef:
    return SpeakerRef(id=s.id, name=s.name, kind=s.kind, primary=s.primary)


def _speakers(items: list[gm.SpeakerRef]) -> list[SpeakerRef]:
    return [_speaker(s) for s in items]


def _claim(c: gm.ClaimRef) -> ClaimRef:
    return ClaimRef(id=c.id, text=c.text)


def _article_ref(a: gm.ArticleRef) -> ArticleRef:
    return ArticleRef.model_validate(a.model_dump(include=set(ArticleRef.model_fields)))


def _provenance(p: gm.Provenance) -> dict[str, Any]:
    return Provenance.model_validate(p.model_dump()).model_dump()


def _dispute(d: gm.DisputeEdge) -> dict[str, Any]:
    return DisputeInfo(
        id=d.id,
        article_id=d.article_id,
        scope=d.scope,
        confidence=d.confidence,
        method=d.method,
        cue=d.cue,
        evidence=d.evidence,
    ).model_dump()


def _summary(a: gm.ArticleSummary) -> ArticleSummary:
    return ArticleSummary(
        id=a.id,
        external_id=a.external_id,
        title=a.title,
        url=a.url,
        source=a.source,
        published_at=a.published_at,
        ingested_at=a.ingested_at,
        claim_count=a.attribution_count,
    )


def list_articles(
    driver: Driver, page: PageParams, *, source: str | None, since: str | None, until: str | None
) -> ArticleList:
    result = reader.list_articles(
        driver,
        source=source,
        since=since,
        until=until,
        limit=page.limit,
        cursor=cursors.decode("articles", page.cursor),
    )
    return ArticleList(
        items=[_summary(a) for a in result.items], next_cursor=cursors.encode("articles", result.next_cursor)
    )


def get_article(driver: Driver, article_id: str) -> ArticlePublic | None:
    detail = reader.get_article(driver, article_id)
    if detail is None:
        return None
    triples = [
        Triple(**_provenance(t.provenance), speakers=_speakers(t.speakers), claim=_claim(t.claim))
        for t in sorted(detail.attributions, key=lambda t: t.provenance.attribution_index)
    ]
    disputes = [
        ArticleDispute(**_dispute(d.dispute), claim=_claim(d.from_claim), disputed_claim=_claim(d.to_claim))
        for d in detail.disputes
    ]
    summary = _summary(detail.article)
    summary.claim_count = len(triples)
    return ArticlePublic(
        **summary.model_dump(),
        content_hash=detail.article.content_hash,
        text=detail.text,
        triples=triples,
        disputes=disputes,
    )


def _claim_summary(c: gm.ClaimSummary) -> ClaimSummary:
    return ClaimSummary(
        id=c.id,
        text=c.text,
        speakers=_speakers(c.speakers),
        report_count=c.report_count,
        disputes_count=c.disputes_count,
        disputed_by_count=c.disputed_by_count,
    )


def _claim_list(result: gm.Page[gm.ClaimSummary]) -> ClaimList:
    return ClaimList(
        items=[_claim_summary(c) for c in result.items],
        next_cursor=cursors.encode("claims", result.next_cursor),
    )


SPEAKER_ID_PREFIX = "spk_"
_MAX_SPEAKER_MATCHES = 10


def resolve_speaker(driver: Driver, speaker: str) -> str:
    """A speaker id as given, or the one speaker a name finds the way `/v1/speakers?q=` does.

    Several matches resolve only when exactly one has the name (or an alias) as given, up to case and
    accents; otherwise 422 names the candidates, so a client never gets a silently empty list."""
    if speaker.startswith(SPEAKER_ID_PREFIX):
        return speaker
    hits = reader.search_speakers(driver, q=speaker, limit=_MAX_SPEAKER_MATCHES).items
    if len(hits) == 1:
        return hits[0].id
    wanted = ids.normalize_name(speaker)
    exact = [h for h in hits if wanted in {ids.normalize_name(n) for n in [h.name, *h.aliases]}]
    if len(exact) == 1:
        return exact[0].id
    if not hits:
        raise ApiError(
            422,
            f"no speaker matches {speaker!r}: pass a speaker id (spk_...) or a name from /v1/speakers?q=",
        )
    candidates = ", ".join(f"{h.name} ({h.id})" for h in (exact or hits)[:5])
    raise ApiError(422, f"{speaker!r} matches several speakers: {candidates}; pass one id as `speaker`")


def search_claims(
    driver: Driver,
    page: PageParams,
    *,
    q: str | None,
    speaker: str | None,
    entity: str | None,
    since: str | None,
    until: str | None,
    disputed: bool | None,
) -> ClaimList:
    result = reader.search_claims(
        driver,
        q=q,
        speaker_id=None if speaker is None else resolve_speaker(driver, speaker),
        entity=entity,
        since=since,
        until=until,
        disputed=disputed,
        limit=page.limit,
        cursor=cursors.decode("claims", page.cursor),
    )
    return _claim_list(result)


def _link(link: gm.DisputeLink) -> DisputeLink:
    return DisputeLink(**_dispute(link.dispute), claim=_claim(link.claim), speakers=_speakers(link.speakers))


def get_claim(driver: Driver, claim_id: str) -> ClaimPublic | None:
    detail = reader.get_claim(driver, claim_id)
    if detail is None:
        return None
    return ClaimPublic(
        id=detail.id,
        text=detail.text,
        assertions=[
            Assertion(
                **_provenance(a.provenance), article=_article_ref(a.article), speakers=_speakers(a.speakers)
            )
            for a in detail.assertions
        ],
        disputes=[_link(d) for d in detail.disputes],
        disputed_by=[_link(d) for d in detail.disputed_by],
        entities=[EntityRef(id=e.id, name=e.name, label=e.label) for e in detail.entities],
    )


def _speaker_summary(s: gm.SpeakerSummary) -> SpeakerSummary:
    return SpeakerSummary.model_validate(s.model_dump(include=set(SpeakerSummary.model_fields)))


def search_speakers(driver: Driver, page: PageParams, *, q: str | None) -> SpeakerList:
    result = reader.search_speakers(
        driver, q=q, limit=page.limit, cursor=cursors.decode("speakers", page.cursor)
    )
    return SpeakerList(
        items=[_speaker_summary(s) for s in result.items],
        next_cursor=cursors.encode("speakers", result.next_cursor),
    )


def get_speaker(driver: Driver, speaker_id: str) -> SpeakerPublic | None:
    detail = reader.get_speaker(driver, speaker_id)
    if detail is None:
        return None
    return SpeakerPublic.model_validate(detail.model_dump(include=set(SpeakerPublic.model_fields)))


def speaker_claims(driver: Driver, speaker_id: str, page: PageParams) -> ClaimList | None:
    # One transaction checks the speaker exists and reads the page (get_speaker would count every claim).
    result = reader.speaker_claims(
        driver, speaker_id, limit=page.limit, cursor=cursors.decode("claims", page.cursor)
    )
    if result is None:
        return None
    return _claim_list(result)


def speaker_opponents(driver: Driver, speaker_id: str, page: PageParams) -> OpponentList | None:
    result = reader.speaker_opponents_or_none(
        driver, speaker_id, limit=page.limit, cursor=cursors.decode("opponents", page.cursor)
    )
    if result is None:
        return None
    items = [
        Opponent(
            speaker=_speaker(o.speaker),
            disputes=o.total,
            disputes_by_speaker=o.disputes_by_speaker,
            disputes_by_opponent=o.disputes_by_opponent,
        )
        for o in result.items
    ]
    return OpponentList(items=items, next_cursor=cursors.encode("opponents", result.next_cursor))


def list_disputes(driver: Driver, page: PageParams, *, speaker: str | None, since: str | None) -> DisputeList:
    result = reader.list_disputes(
        driver,
        speaker_id=speaker,
        since=since,
        limit=page.limit,
        cursor=cursors.decode("disputes", page.cursor),
    )
    items = [
        DisputePublic(
            **_dispute(v.dispute),
            claim=_claim(v.claim),
            speakers=_speakers(v.speakers),
            disputed_claim=_claim(v.disputed_claim),
            disputed_speakers=_speakers(v.disputed_speakers),
            article=None if v.article is None else _article_ref(v.article),
        )
        for v in result.items
    ]
    return DisputeList(items=items, next_cursor=cursors.encode("disputes", result.next_cursor))


def _jsonable(value: Any) -> Any:
    """Neo4j temporal values and the like become strings; lists stay lists."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


# Properties too large or too internal to ship with every node of a drawing.
_DROP_PROPS = {"text": {"Article"}, "aliases_text": {"Speaker"}, "norm": {"Speaker", "Entity"}}
_CAPTION = {"Speaker": "name", "Entity": "name", "Claim": "text", "Article": "title"}


def _node(n: gm.GraphNode) -> GraphNode:
    props = {k: _jsonable(v) for k, v in n.properties.items() if n.label not in _DROP_PROPS.get(k, set())}
    caption = props.get(_CAPTION.get(n.label, "id")) or props.get("external_id") or n.id
    return GraphNode(id=n.id, label=n.label, caption=str(caption)[:120], properties=props)


def claim_neighbourhood(driver: Driver, claim_id: str, depth: int) -> Neighbourhood | None:
    result = reader.claim_neighbourhood(driver, claim_id, depth=depth)
    if result is None:
        return None
    return Neighbourhood(
        nodes=[_node(n) for n in result.nodes],
        edges=[
            GraphEdge(
                source=e.source,
                target=e.target,
                type=e.type,
                properties={k: _jsonable(v) for k, v in e.properties.items()},
            )
            for e in result.edges
        ],
    )


def stats(driver: Driver) -> Stats:
    result = reader.stats(driver)
    counts = {k.lower(): v for k, v in {**result.nodes, **result.relationships}.items()}
    return Stats.model_validate({k: counts.get(k, 0) for k in Stats.model_fields})
