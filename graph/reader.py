"""Read functions for the API, the CLI and the cross-article resolver. All Cypher is in `graph.queries`.

Lists page by a stable order (node id, DISPUTES id) with `cursor` = the last id of the previous page;
`Page.next_cursor` is None on the last page. Dates (`since`, `until`) compare against
Article.published_at as ISO 8601 strings: `since` inclusive, `until` exclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeVar

import neo4j
from pydantic import BaseModel

from graph import db, ids
from graph import queries as cy
from graph.ids import normalize_published_at
from graph.models import (
    ArticleAttribution,
    ArticleDetail,
    ArticleDispute,
    ArticleRef,
    ArticleSummary,
    Assertion,
    CandidateSet,
    ClaimCandidate,
    ClaimDetail,
    ClaimRef,
    ClaimSummary,
    DisputeEdge,
    DisputeLink,
    DisputeView,
    EntityRef,
    GraphEdge,
    GraphNode,
    GraphStats,
    Neighbourhood,
    Opponent,
    Page,
    Provenance,
    SpeakerCandidate,
    SpeakerDetail,
    SpeakerRef,
    SpeakerSummary,
)

M = TypeVar("M", bound=BaseModel)
MAX_LIMIT = 1000
MAX_FULLTEXT_HITS = 1000  # a search by words alone finds at most this many claims (the best matches)
MAX_QUERY_TERMS = 64  # Lucene's clause limit is 1024; a claim rarely needs more than a sentence's words

# --- full-text query building ----------------------------------------------------------------------

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
_WORD = re.compile(r"\w+", re.UNICODE)


def escape_lucene(text: str) -> str:
    """Backslash-escape Lucene query syntax so text is searched as words, never parsed as operators."""
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def lucene_query(text: str, *, op: str = "OR", fuzzy: bool = False, max_terms: int = MAX_QUERY_TERMS) -> str:
    """A Lucene query from free text: its words, lower-cased (so AND/OR/NOT in the text are plain
    words), de-duplicated, escaped, joined by `op`. `fuzzy` adds ~1 to words of 4+ letters, which
    matches transliterations (Sergey/Sergei). Returns '' when the text has no words."""
    if op not in ("OR", "AND"):
        raise ValueError("op must be OR or AND")
    terms: list[str] = []
    for w in _WORD.findall(text.casefold()):
        if w not in terms:
            terms.append(w)
    terms = terms[:max_terms]
    parts = [escape_lucene(t) + ("~1" if fuzzy and len(t) >= 4 else "") for t in terms]
    return f" {op} ".join(parts)


# --- helpers ---------------------------------------------------------------------------------------


def _pairs(flat: list[int] | None) -> list[list[int]]:
    flat = flat or []
    return [[int(flat[k]), int(flat[k + 1])] for k in range(0, len(flat) - 1, 2)]


def _pick(model: type[M], data: dict[str, Any]) -> M:
    """Build `model` from the keys it declares (graph properties carry more, e.g. internal keys)."""
    return model.model_validate({k: v for k, v in data.items() if k in model.model_fields and v is not None})


def _provenance(props: dict[str, Any]) -> Provenance:
    p = dict(props)
    for k in ("source_span", "cue_span", "content_span"):
        p[k] = _pairs(p.get(k))
    return _pick(Provenance, p)


def _speakers(rows: list[dict[str, Any]]) -> list[SpeakerRef]:
    return [_pick(SpeakerRef, r) for r in rows]


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _page(items: list[M], limit: int, key: str = "id") -> Page[M]:
    """Queries fetch limit+1 rows: the extra one tells there is a next page."""
    if len(items) > limit:
        items = items[:limit]
        return Page[Any](items=items, next_cursor=str(getattr(items[-1], key)))
    return Page[Any](items=items, next_cursor=None)


def _records(driver: neo4j.Driver, query: str, **params: Any) -> list[neo4j.Record]:
    def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
        return list(tx.run(query, **params))

    return db.read(driver, work)


def _read(driver: neo4j.Driver, query: str, **params: Any) -> list[neo4j.Record]:
    """One query as an auto-commit read: RUN and PULL in one round trip, where a managed transaction adds
    BEGIN and COMMIT (three round trips, each a wake-up of both processes on a busy machine). For the
    API's single-query reads; a lost server is GraphUnavailable (503) rather than a retry."""
    with db.session(driver, default_access_mode=neo4j.READ_ACCESS) as s:
        return list(s.run(query, params))


def _date(value: str | None) -> str | None:
    return normalize_published_at(value) if value else None


# --- articles --------------------------------------------------------------------------------------


def get_article(driver: neo4j.Driver, article_id: str) -> ArticleDetail | None:
    """An article with its triples (speaker -ASSERTS-> claim, in attribution order) and its disputes."""
    recs = _read(driver, cy.GET_ARTICLE, id=article_id)
    if not recs:
        return None
    r = recs[0]
    atts = [
        ArticleAttribution(
            provenance=_provenance(a["props"]),
            claim=_pick(ClaimRef, a["claim"]),
            speakers=sorted(_speakers(a["speakers"]), key=lambda s: (not s.primary, s.name)),
        )
        for a in r["attributions"]
    ]
    atts.sort(key=lambda a: a.provenance.attribution_index)
    disputes = [
        ArticleDispute(
            dispute=_pick(DisputeEdge, d["dispute"]),
            from_claim=_pick(ClaimRef, d["from_claim"]),
            to_claim=_pick(ClaimRef, d["to_claim"]),
        )
        for d in r["disputes"]
    ]
    disputes.sort(key=lambda d: d.dispute.id)
    summary = _pick(ArticleSummary, {**r["article"], "attribution_count": len(atts)})
    return ArticleDetail(article=summary, text=r["text"], attributions=atts, disputes=disputes)


def article_id_for_external(external_id: str) -> str:
    """The Article id an external (JSONL) id maps to; ids are deterministic, so no lookup is needed."""
    return ids.article_id(external_id=external_id)


def list_articles(
    driver: neo4j.Driver,
    *,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ArticleSummary]:
    limit = _limit(limit)
    recs = _records(
        driver,
        cy.LIST_ARTICLES,
        source=source,
        since=_date(since),
        until=_date(until),
        cursor=cursor,
        limit=limit + 1,
    )
    items = [
        _pick(ArticleSummary, {**r["article"], "attribution_count": r["attribution_count"]}) for r in recs
    ]
    return _page(items, limit)


def loaded_content_hashes(driver: neo4j.Driver, hashes: list[str]) -> set[str]:
    """Which of these content hashes an Article already has (resume of a bulk load)."""
    if not hashes:
        return set()
    recs = _records(driver, cy.LOADED_CONTENT_HASHES, hashes=list(hashes))
    return {str(r["hash"]) for r in recs}


def find_article_id(
    driver: neo4j.Driver, *, content_hash: str | None = None, url: str | None = None
) -> str | None:
    """The id of an Article already holding this body (content hash), else this URL; None if neither."""
    for query, key, value in (
        (cy.FIND_ARTICLE_BY_HASH, "hash", content_hash),
        (cy.FIND_ARTICLE_BY_URL, "url", url),
    ):
        if value:
            recs = _records(driver, query, **{key: value})
            if recs:
                return str(recs[0]["id"])
    return None


def find_article_id_tx(
    tx: neo4j.ManagedTransaction, *, content_hash: str | None = None, url: str | None = None
) -> str | None:
    """`find_article_id` inside the caller's transaction (the resolver's, under its lock)."""
    for query, key, value in (
        (cy.FIND_ARTICLE_BY_HASH, "hash", content_hash),
        (cy.FIND_ARTICLE_BY_URL, "url", url),
    ):
        if value:
            rec = tx.run(query, {key: value}).single()
            if rec is not None:
                return str(rec["id"])
    return None


def articles_footprint(driver: neo4j.Driver, article_ids: list[str]) -> dict[str, int]:
    """Counts of what these articles hold: articles, claims and speakers they reach, their reports,
    asserts and disputes, the entities their claims mention. A re-load must leave it unchanged."""
    r = _records(driver, cy.ARTICLES_FOOTPRINT, article_ids=list(article_ids))[0]
    return {k: int(v) for k, v in r.items()}


# --- claims ----------------------------------------------------------------------------------------


def _claim_summary(r: neo4j.Record) -> ClaimSummary:
    return ClaimSummary(
        **r["claim"],
        speakers=_speakers(r["speakers"]),
        report_count=r["report_count"],
        disputes_count=r["disputes_count"],
        disputed_by_count=r["disputed_by_count"],
    )


def _search_claims_query(
    *,
    q: str | None = None,
    speaker_id: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    disputed: bool | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[str | None, dict[str, Any]]:
    """search_claims' query and parameters (limit+1 rows); None as query when `q` has no words."""
    params: dict[str, Any] = {
        "speaker_id": speaker_id,
        "entity": entity,
        "entity_norm": ids.normalize_name(entity) if entity else None,
        "since": _date(since),
        "until": _date(until),
        "disputed": disputed,
        "cursor": cursor,
        "limit": limit + 1,
    }
    if q is not None and q.strip():
        lucene = lucene_query(q, op="AND")
        if not lucene:
            return None, params
        if not (speaker_id or entity or since or until or disputed is not None):
            return cy.SEARCH_CLAIMS_FULLTEXT_TOP, {
                "q": lucene,
                "cursor": cursor,
                "limit": limit + 1,
                "max_hits": MAX_FULLTEXT_HITS,
            }
        return cy.SEARCH_CLAIMS_FULLTEXT, {**params, "q": lucene}
    if speaker_id:
        return cy.SEARCH_CLAIMS_BY_SPEAKER, params
    if entity:
        return cy.SEARCH_CLAIMS_BY_ENTITY, params
    return cy.SEARCH_CLAIMS, params


def _claims_page(recs: list[neo4j.Record], limit: int) -> Page[ClaimSummary]:
    items = sorted((_claim_summary(r) for r in recs), key=lambda c: c.id)  # id order whatever the plan
    return _page(items, limit)


def search_claims(
    driver: neo4j.Driver,
    *,
    q: str | None = None,
    speaker_id: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    disputed: bool | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[ClaimSummary]:
    """Claims filtered by words (`q`, all of them, stemmed), speaker id, entity (id or name), the
    publication date of a reporting article, and whether any DISPUTES touches them; ordered by id.

    `q` alone finds the MAX_FULLTEXT_HITS best matches at most (Lucene's score), paged in id order;
    with other filters every match is considered. With a speaker and no `q`, the page comes off the
    asserts_speaker_claim index: it costs the page's length, not the number of the speaker's claims."""
    limit = _limit(limit)
    query, params = _search_claims_query(
        q=q,
        speaker_id=speaker_id,
        entity=entity,
        since=since,
        until=until,
        disputed=disputed,
        cursor=cursor,
        limit=limit,
    )
    if query is None:
        return Page[ClaimSummary](items=[], next_cursor=None)
    return _claims_page(_read(driver, query, **params), limit)


def claims_by_speaker(
    driver: neo4j.Driver, speaker_id: str, *, cursor: str | None = None, limit: int = 50
) -> Page[ClaimSummary]:
    return search_claims(driver, speaker_id=speaker_id, cursor=cursor, limit=limit)


def speaker_claims(
    driver: neo4j.Driver, speaker_id: str, *, cursor: str | None = None, limit: int = 50
) -> Page[ClaimSummary] | None:
    """claims_by_speaker, or None when no such speaker exists (checked by the same query)."""
    limit = _limit(limit)
    _, params = _search_claims_query(speaker_id=speaker_id, cursor=cursor, limit=limit)
    recs = _read(driver, cy.SPEAKER_CLAIMS_PAGE, **params)
    if not recs:
        return None
    return _claims_page([r for r in recs if r["claim"] is not None], limit)


def _dispute_link(d: dict[str, Any]) -> DisputeLink:
    return DisputeLink(
        dispute=_pick(DisputeEdge, d["dispute"]),
        claim=_pick(ClaimRef, d["claim"]),
        speakers=_speakers(d["speakers"]),
    )


def get_claim(driver: neo4j.Driver, claim_id: str) -> ClaimDetail | None:
    """A claim with every assertion (article, provenance, speakers) and its disputes both ways."""
    recs = _read(driver, cy.GET_CLAIM, id=claim_id)
    if not recs:
        return None
    r = recs[0]
    assertions = [
        Assertion(
            article=_pick(ArticleRef, a["article"]),
            provenance=_provenance(a["props"]),
            speakers=sorted(_speakers(a["speakers"]), key=lambda s: (not s.primary, s.name)),
        )
        for a in r["assertions"]
    ]
    assertions.sort(
        key=lambda a: (a.article.published_at or "", a.article.id, a.provenance.attribution_index)
    )
    return ClaimDetail(
        **r["claim"],
        assertions=assertions,
        disputes=sorted((_dispute_link(d) for d in r["disputes"]), key=lambda x: x.dispute.id),
        disputed_by=sorted((_dispute_link(d) for d in r["disputed_by"]), key=lambda x: x.dispute.id),
        entities=sorted((_pick(EntityRef, e) for e in r["entities"]), key=lambda e: e.id),
    )


# --- speakers --------------------------------------------------------------------------------------


def search_speakers(
    driver: neo4j.Driver,
    *,
    q: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[SpeakerSummary]:
    """Speakers by name or alias words (`q`, all of them), optionally of one kind; ordered by id."""
    limit = _limit(limit)
    params: dict[str, Any] = {"kind": kind, "cursor": cursor, "limit": limit + 1}
    if q is not None and q.strip():
        lucene = lucene_query(q, op="AND")
        if not lucene:
            return Page[SpeakerSummary](items=[], next_cursor=None)
        recs = _read(driver, cy.SEARCH_SPEAKERS_FULLTEXT, q=lucene, **params)
    else:
        recs = _read(driver, cy.SEARCH_SPEAKERS, **params)
    items = [_pick(SpeakerSummary, {**r["speaker"], "claim_count": r["claim_count"]}) for r in recs]
    return _page(items, limit)


def get_speaker(driver: neo4j.Driver, speaker_id: str) -> SpeakerDetail | None:
    recs = _read(driver, cy.GET_SPEAKER, id=speaker_id)
    if not recs:
        return None
    r = recs[0]
    return _pick(
        SpeakerDetail,
        {
            **r["speaker"],
            "claim_count": r["claim_count"],
            "article_count": r["article_count"],
            "assertion_count": r["assertion_count"],
        },
    )


def _opponents_page(recs: list[neo4j.Record], offset: int, limit: int) -> Page[Opponent]:
    items = [
        Opponent(
            speaker=_pick(SpeakerRef, r["speaker"]),
            disputes_by_speaker=r["disputes_by_speaker"],
            disputes_by_opponent=r["disputes_by_opponent"],
            total=r["total"],
        )
        for r in recs
    ]
    if len(items) > limit:
        return Page[Opponent](items=items[:limit], next_cursor=str(offset + limit))
    return Page[Opponent](items=items, next_cursor=None)


def _offset(cursor: str | None) -> int:
    return int(cursor) if cursor and cursor.isdigit() else 0


def speaker_opponents(
    driver: neo4j.Driver, speaker_id: str, *, cursor: str | None = None, limit: int = 50
) -> Page[Opponent]:
    """Speakers whose claims dispute this speaker's claims or are disputed by them, most edges first.

    Ordered by (total desc, name, id), so the cursor is an offset (as a string). Visits only the
    speaker's claims that take part in a dispute (ASSERTS.in_dispute, indexed)."""
    limit, offset = _limit(limit), _offset(cursor)
    recs = _read(driver, cy.SPEAKER_OPPONENTS, id=speaker_id, skip=offset, limit=limit + 1)
    return _opponents_page(recs, offset, limit)


def speaker_opponents_or_none(
    driver: neo4j.Driver, speaker_id: str, *, cursor: str | None = None, limit: int = 50
) -> Page[Opponent] | None:
    """speaker_opponents, or None when no such speaker exists (checked by the same query)."""
    limit, offset = _limit(limit), _offset(cursor)
    recs = _read(driver, cy.SPEAKER_OPPONENTS_PAGE, id=speaker_id, skip=offset, limit=limit + 1)
    if not recs:
        return None
    return _opponents_page([r for r in recs if r["speaker"] is not None], offset, limit)


# --- disputes --------------------------------------------------------------------------------------


def list_disputes(
    driver: neo4j.Driver,
    *,
    speaker_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[DisputeView]:
    """DISPUTES edges with both claims and both sides' speakers; `speaker_id` on either side; dates are
    those of the article the edge was found in. Ordered by the edge's id."""
    limit = _limit(limit)
    recs = _read(
        driver,
        cy.LIST_DISPUTES,
        speaker_id=speaker_id,
        since=_date(since),
        until=_date(until),
        cursor=cursor,
        limit=limit + 1,
    )
    items = [
        DisputeView(
            dispute=_pick(DisputeEdge, r["dispute"]),
            claim=_pick(ClaimRef, r["claim"]),
            speakers=_speakers(r["speakers"]),
            disputed_claim=_pick(ClaimRef, r["disputed_claim"]),
            disputed_speakers=_speakers(r["disputed_speakers"]),
            article=_pick(ArticleRef, r["articles"][0]) if r["articles"] else None,
        )
        for r in recs
    ]
    if len(items) > limit:
        items = items[:limit]
        return Page[DisputeView](items=items, next_cursor=items[-1].dispute.id)
    return Page[DisputeView](items=items, next_cursor=None)


# --- neighbourhood, stats --------------------------------------------------------------------------

_LABEL_ORDER = ("Claim", "Speaker", "Article", "Entity")


NEIGHBOURHOOD_FANOUT = 25  # per node and hop: at most this many DISPUTES and this many other relationships
NEIGHBOURHOOD_MAX_FRONTIER = 100  # new nodes of a hop expanded by the next one (depth 3)


def claim_neighbourhood(
    driver: neo4j.Driver,
    claim_id: str,
    *,
    depth: int = 1,
    fanout: int = NEIGHBOURHOOD_FANOUT,
    max_frontier: int = NEIGHBOURHOOD_MAX_FRONTIER,
) -> Neighbourhood | None:
    """Nodes and edges within `depth` (1..3) hops of a claim, for drawing. None if the claim is unknown.

    Fan-out is capped so a hop through a much-quoted speaker or entity stays small: each node expanded
    contributes at most `fanout` DISPUTES and `fanout` other relationships (which ones of a larger set is
    up to the store), and at most `max_frontier` new nodes of a hop are expanded by the next. Article
    nodes come without their text, ASSERTS edges without their index keys (speaker_id, claim_id,
    in_dispute)."""
    if depth not in cy.NEIGHBOURHOOD:
        raise ValueError("depth must be 1, 2 or 3")
    recs = _read(
        driver, cy.NEIGHBOURHOOD[depth], id=claim_id, fanout=int(fanout), max_frontier=int(max_frontier)
    )
    if not recs:
        return None
    r = recs[0]
    nodes = []
    for n in r["nodes"]:
        label = next((x for x in _LABEL_ORDER if x in n["labels"]), n["labels"][0] if n["labels"] else "")
        props = {k: v for k, v in n["props"].items() if v is not None}  # the graph stores no nulls
        nodes.append(GraphNode(id=str(n["id"]), label=label, properties=props))
    edges = [
        GraphEdge(
            type=e["type"],
            source=str(e["source"]),
            target=str(e["target"]),
            properties={k: v for k, v in e["props"].items() if v is not None},
        )
        for e in r["edges"]
    ]
    nodes.sort(key=lambda n: (n.id != claim_id, n.label, n.id))
    edges.sort(key=lambda e: (e.type, e.source, e.target, str(e.properties.get("id", ""))))
    return Neighbourhood(nodes=nodes, edges=edges)


def stats(driver: neo4j.Driver) -> GraphStats:
    """Counts: nodes {articles, speakers, claims, entities}, relationships {asserts, reports, disputes,
    mentions}."""
    r = _records(driver, cy.STATS)[0]
    return GraphStats(
        nodes={k: int(r[k]) for k in ("articles", "speakers", "claims", "entities")},
        relationships={k: int(r[k]) for k in ("asserts", "reports", "disputes", "mentions")},
    )


# --- eval export -----------------------------------------------------------------------------------


def export_eval_records(driver: neo4j.Driver) -> Iterator[dict[str, Any]]:
    """One record per Article with an external id, in shared/eval/FORMAT.md's prediction format plus
    `claim_id` per attribution and `cross_disputes` [i, other_external_id, j]; ordered by external id."""
    cross: dict[str, list[list[Any]]] = {}
    for c in _records(driver, cy.EXPORT_EVAL_CROSS):
        cross.setdefault(str(c["id"]), []).append([int(c["i"]), str(c["other"]), int(c["j"])])
    for r in _records(driver, cy.EXPORT_EVAL):
        atts = sorted(r["attributions"], key=lambda a: a["props"]["attribution_index"])
        yield {
            "id": r["id"],
            "attributions": [
                {
                    "source": _pairs(a["props"].get("source_span")),
                    "cue": _pairs(a["props"].get("cue_span")),
                    "content": _pairs(a["props"].get("content_span")),
                    "speaker": a["speaker"],
                    "speaker_kind": a["speaker_kind"],
                    "quote_type": a["props"].get("quote_type"),
                    "confidence": a["props"].get("confidence"),
                    "claim_id": a["claim_id"],
                }
                for a in atts
            ],
            "disputes": sorted([int(i), int(j)] for i, j in r["disputes"]),
            "cross_disputes": sorted(cross.get(r["id"], [])),
        }


# --- candidate search (cross-article merging) ------------------------------------------------------


def _claim_candidate(r: neo4j.Record) -> ClaimCandidate:
    return ClaimCandidate(
        **r["claim"],
        score=float(r["score"]),
        speakers=_speakers(r["speakers"]),
        articles=[_pick(ArticleRef, a) for a in r["articles"]],
        cues=[str(x) for x in r["cues"]],
        disputes=[str(x) for x in r["disputes"]],
        disputed_by=[str(x) for x in r["disputed_by"]],
    )


def claim_candidates(
    driver: neo4j.Driver, text: str, *, limit: int = 10, exclude_article_id: str | None = None
) -> list[ClaimCandidate]:
    """Claims sharing words with `text` (full-text index `claim_text`, any word, English stemming),
    best Lucene score first, with their speakers and articles; claims of `exclude_article_id` skipped."""
    return claim_candidates_many(driver, {0: text}, limit=limit, exclude_article_id=exclude_article_id)[0]


def claim_candidates_many(
    driver: neo4j.Driver,
    texts: dict[int, str],
    *,
    limit: int = 10,
    exclude_article_id: str | None = None,
) -> dict[int, list[ClaimCandidate]]:
    """`claim_candidates` for many texts (key -> text) in one round trip: key -> its candidates, score
    descending, then id; each text is searched, ranked and limited on its own."""
    return db.read(
        driver, lambda tx: claim_candidates_tx(tx, texts, limit=limit, exclude_article_id=exclude_article_id)
    )


def claim_candidates_tx(
    tx: neo4j.ManagedTransaction,
    texts: dict[int, str],
    *,
    limit: int = 10,
    exclude_article_id: str | None = None,
) -> dict[int, list[ClaimCandidate]]:
    """`claim_candidates_many` inside the caller's transaction."""
    items = [{"key": k, "q": lq} for k, t in texts.items() if (lq := lucene_query(t, op="OR"))]
    out: dict[int, list[ClaimCandidate]] = {k: [] for k in texts}
    if not items:
        return out
    recs = tx.run(
        cy.CLAIM_CANDIDATES_MANY, items=items, limit=_limit(limit), exclude_article_id=exclude_article_id
    )
    for r in recs:
        out[int(r["key"])].append(_claim_candidate(r))
    for found in out.values():
        found.sort(key=lambda c: (-c.score, c.id))
    return out


def claims_by_ids(driver: neo4j.Driver, claim_ids: list[str]) -> list[ClaimCandidate]:
    """The same shape as claim_candidates (score 0) for known ids, e.g. a vector search's hits."""
    if not claim_ids:
        return []
    return [_claim_candidate(r) for r in _records(driver, cy.CLAIMS_BY_IDS, ids=list(claim_ids))]


def speaker_candidates(
    driver: neo4j.Driver, name: str, *, limit: int = 10, fuzzy: bool = True
) -> list[SpeakerCandidate]:
    """Speakers that may be `name`: exact matches of the normalized name or an alias first, then
    full-text hits on name + aliases (`speaker_names`, fuzzy ~1 per word for transliterations).
    Article-scoped GENERIC speakers are never candidates."""
    return speaker_candidates_many(driver, [name], limit=limit, fuzzy=fuzzy)[name]


def speaker_candidates_many(
    driver: neo4j.Driver, names: list[str], *, limit: int = 10, fuzzy: bool = True
) -> dict[str, list[SpeakerCandidate]]:
    """`speaker_candidates` for many names in one round trip: name -> its candidates."""
    return db.read(driver, lambda tx: speaker_candidates_tx(tx, names, limit=limit, fuzzy=fuzzy))


def speaker_candidates_tx(
    tx: neo4j.ManagedTransaction, names: list[str], *, limit: int = 10, fuzzy: bool = True
) -> dict[str, list[SpeakerCandidate]]:
    """`speaker_candidates_many` inside the caller's transaction."""
    items: list[dict[str, Any]] = []
    norms: dict[str, str] = {}
    for name in dict.fromkeys(names):
        norm = ids.normalize_name(name)
        if norm:
            norms[name] = norm
            items.append({"key": name, "norm": norm, "q": lucene_query(name, op="OR", fuzzy=fuzzy) or None})
    out: dict[str, list[SpeakerCandidate]] = {name: [] for name in names}
    if not items:
        return out
    by_norm: dict[str, dict[str, SpeakerCandidate]] = {name: {} for name in norms}
    by_text: dict[str, list[tuple[dict[str, Any], float]]] = {name: [] for name in norms}
    for r in tx.run(cy.SPEAKER_CANDIDATES_MANY, items=items, limit=_limit(limit)):
        s, name = r["speaker"], str(r["key"])
        if r["by_norm"]:
            by_norm[name][s["id"]] = _pick(SpeakerCandidate, {**s, "score": 0.0, "exact": True})
        else:
            by_text[name].append((s, float(r["score"])))
    for name, norm in norms.items():
        # Exact norm/alias matches first, then full-text hits in their rank order.
        found = by_norm[name]
        for s, score in sorted(by_text[name], key=lambda x: (-x[1], x[0]["id"])):
            exact = s.get("norm") == norm or any(
                ids.normalize_name(a) == norm for a in s.get("aliases") or []
            )
            prev = found.get(s["id"])
            found[s["id"]] = _pick(
                SpeakerCandidate, {**s, "score": score, "exact": exact or bool(prev and prev.exact)}
            )
        out[name] = sorted(found.values(), key=lambda c: (not c.exact, -c.score, c.id))[: _limit(limit)]
    return out


def gather_candidates(
    tx: neo4j.ManagedTransaction,
    *,
    speaker_names: list[str],
    claim_queries: dict[int, str],
    exclude_article_id: str,
    speaker_limit: int,
    claim_limit: int,
) -> CandidateSet:
    """All that cross-article resolution reads for one article, in the caller's transaction: the
    Speakers each name may be, and per attribution the Claims of other articles it may repeat or
    dispute, each with the DISPUTES pairs it already has (no per-claim read afterwards)."""
    return CandidateSet(
        speakers=speaker_candidates_tx(tx, speaker_names, limit=speaker_limit),
        claims=claim_candidates_tx(
            tx, claim_queries, limit=claim_limit, exclude_article_id=exclude_article_id
        ),
    )
