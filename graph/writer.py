"""Load one article's extraction into the graph: one transaction, batched `UNWIND $rows` MERGEs.

`build_rows()` turns (article metadata, Extraction, Resolution) into plain parameter rows (pure, unit
tested); `write_article()` runs them through `run_rows()` in one managed write transaction. Because
every node and relationship is MERGEd on a deterministic key, loading an article again changes no
counts; what the previous load of the same article wrote and this one did not (a changed extraction)
is removed in the same transaction.

Relationship keys:
- (:Article)-[:REPORTS {attribution_index}]->(:Claim): one per attribution, always present (also when
  no speaker is known), carrying the attribution's provenance (spans, cue, quote type, confidence).
- (:Speaker)-[:ASSERTS {article_id, attribution_index}]->(:Claim): who says it, and `primary` (the
  attribution's own speaker; co-sources in `Attribution.also` get their own ASSERTS with primary=false).
  The provenance is not repeated here: readers join it from the REPORTS with the same article and
  attribution_index.
- (:Claim)-[:DISPUTES {id}]->(:Claim): id = hash(article, key, from, to); key is "i>j" within the
  article, "x>i" / "x<i" for cross-article edges decided before the write.
- (:Claim)-[:MENTIONS]->(:Entity).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j

from app.nlp.models import ArticleIn, Attribution, Extraction, Span
from graph import ids
from graph import queries as q
from graph.db import session as open_session
from graph.db import translate_errors
from graph.errors import GraphError, GraphUnavailable, ResolutionError
from graph.ids import normalize_published_at  # noqa: F401 - re-exported: writer.normalize_published_at
from graph.models import Resolution, WriteFailure, WriteResult

log = logging.getLogger(__name__)
T = TypeVar("T")

BATCH_SIZE = 500
_COUNTERS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
)


def flat_span(spans: Sequence[Span]) -> list[int]:
    """[(s1, e1), (s2, e2)] -> [s1, e1, s2, e2]: Neo4j properties cannot hold nested lists."""
    return [int(x) for s, e in spans for x in (s, e)]


def article_body(article: ArticleIn, extraction: Extraction) -> str:
    """The body whose SHA-256 is Article.content_hash: the text as given, else the HTML, else the
    extracted text — the same key as app.services.ingest.content_hash(), so resume checks match."""
    if article.text is not None:
        return article.text
    return article.html or extraction.text


@dataclass
class ArticleRows:
    """Parameters of every write query for one article."""

    article: dict[str, Any]
    speakers: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    asserts: list[dict[str, Any]] = field(default_factory=list)
    disputes: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)
    speaker_ids: dict[str, str] = field(default_factory=dict)
    linked_claim_ids: list[str] = field(default_factory=list)
    linked_speaker_ids: list[str] = field(default_factory=list)
    claim_merges: list[dict[str, str]] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return str(self.article["id"])


def _provenance(extraction: Extraction, a: Attribution) -> dict[str, Any]:
    return {
        "cue": extraction.span_text(a.cue, sep=" ") or None,
        "quote_type": a.quote_type,
        "source_text": extraction.span_text(a.source, sep=" ") or None,
        "source_span": flat_span(a.source),
        "cue_span": flat_span(a.cue),
        "content_span": flat_span(a.content),
        "sentence": a.sentence,
        "confidence": float(a.confidence),
    }


def build_rows(
    article: ArticleIn,
    extraction: Extraction,
    resolution: Resolution | None = None,
    *,
    lang: str = "en",
) -> ArticleRows:
    """All parameter rows for one article; raises ValueError on indices outside the extraction."""
    res = resolution or Resolution()
    n = len(extraction.attributions)
    text_hash = ids.content_hash(article_body(article, extraction))
    aid = ids.article_id(external_id=article.id, text_hash=text_hash)
    rows = ArticleRows(
        article={
            "id": aid,
            "external_id": article.id,
            "url": article.url,
            "title": article.title,
            "source": article.source,
            "published_at": normalize_published_at(article.published_at),
            "content_hash": text_hash,
            "text": extraction.text,
            "lang": lang,
        }
    )
    for k in res.claim_links:
        if not 0 <= k < n:
            raise ValueError(f"resolution.claim_links names attribution {k}; the article has {n}")

    # Claims: one per distinct id. A linked attribution reuses an existing Claim (validated in the tx)
    # or one this same article creates (a paraphrase of another attribution of the article).
    claims: dict[str, dict[str, Any]] = {}
    own: list[str | None] = []
    for i, a in enumerate(extraction.attributions):
        if i in res.claim_links:
            own.append(None)
            continue
        text = extraction.span_text(a.content).strip()
        normalized = ids.normalize_text(text)
        # A content with no words still needs a node so attribution indices stay aligned.
        cid = ids.claim_id(text) if normalized else ids.claim_id(f"empty {aid} {i}")
        claims.setdefault(cid, {"id": cid, "text": text, "normalized": normalized, "lang": lang})
        own.append(cid)
    rows.claim_ids = [res.claim_links[i] if cid is None else cid for i, cid in enumerate(own)]
    rows.claims = list(claims.values())
    rows.linked_claim_ids = sorted(set(res.claim_links.values()) - set(claims))

    # Speakers: the extraction's list gives kind/aliases/role; names only seen on attributions still count.
    known = {s.name: s for s in extraction.speakers}
    speakers: dict[str, dict[str, Any]] = {}

    def speaker_row(name: str, kind_hint: str | None) -> str | None:
        if name in rows.speaker_ids:
            return rows.speaker_ids[name]
        norm = ids.normalize_name(name)
        if not norm:
            return None
        spec = known.get(name)
        kind = (spec.kind if spec else None) or kind_hint or "PERSON"
        aliases = [x for x in (spec.aliases if spec else []) if x.strip()]
        if name in res.speaker_links:
            sid = res.speaker_links[name]
            aliases = [name, *aliases]  # the existing node keeps its name; this spelling becomes an alias
        else:
            sid = ids.speaker_id(name, kind=kind, article_id=aid)
        row = speakers.get(sid)
        if row is None:
            row = {
                "id": sid,
                "name": name,
                "norm": norm,
                "kind": kind,
                "aliases": [],
                "role": spec.role if spec else None,
                "affiliation": spec.affiliation if spec else None,
                "scope_article_id": aid if kind == "GENERIC" and name not in res.speaker_links else None,
            }
            speakers[sid] = row
        for alias in aliases:
            if alias not in row["aliases"]:
                row["aliases"].append(alias)
        rows.speaker_ids[name] = sid
        return sid

    for i, a in enumerate(extraction.attributions):
        prov = _provenance(extraction, a)
        cid = rows.claim_ids[i]
        rows.reports.append({"article_id": aid, "claim_id": cid, "attribution_index": i, "props": prov})
        names = ([(a.speaker, a.speaker_kind, True)] if a.speaker else []) + [
            (x, "PERSON", False) for x in a.also
        ]
        seen: set[str] = set()
        for name, kind_hint, primary in names:
            sid = speaker_row(name, kind_hint)
            if sid is None or sid in seen:
                continue
            seen.add(sid)
            rows.asserts.append(
                {
                    "article_id": aid,
                    "speaker_id": sid,
                    "claim_id": cid,
                    "attribution_index": i,
                    # Thin: the provenance lives once, on REPORTS (same article and attribution_index);
                    # copying ~10 properties onto every ASSERTS doubled the load's property writes.
                    "props": {"primary": primary},
                }
            )
    # Linked speakers named only in the resolution (never on an attribution) are ignored.
    rows.speakers = list(speakers.values())
    rows.linked_speaker_ids = sorted(
        {sid for name, sid in res.speaker_links.items() if name in rows.speaker_ids}
    )

    # Disputes within the article, then cross-article ones; self-loops (both sides one Claim) are dropped.
    for d in extraction.disputes:
        if not (0 <= d.i < n and 0 <= d.j < n):
            raise ValueError(f"dispute [{d.i}, {d.j}] names an attribution outside 0..{n - 1}")
        src, dst = rows.claim_ids[d.i], rows.claim_ids[d.j]
        if src == dst:
            log.info("article %s: dispute [%d, %d] joins one claim; skipped", aid, d.i, d.j)
            continue
        key = f"{d.i}>{d.j}"
        rows.disputes.append(
            {
                "id": ids.dispute_id(aid, key, src, dst),
                "from_id": src,
                "to_id": dst,
                "props": {
                    "article_id": aid,
                    "key": key,
                    "scope": "article",
                    "i": d.i,
                    "j": d.j,
                    "cue": d.cue,
                    "evidence": d.evidence,
                    "confidence": float(d.confidence),
                    "method": d.method,
                },
            }
        )
    for x in res.cross_disputes:
        if not 0 <= x.attribution < n:
            raise ValueError(f"cross dispute names attribution {x.attribution}; the article has {n}")
        mine = rows.claim_ids[x.attribution]
        if mine == x.claim_id:
            continue
        outgoing = x.direction == "disputes"
        src, dst = (mine, x.claim_id) if outgoing else (x.claim_id, mine)
        key = f"x{'>' if outgoing else '<'}{x.attribution}"
        rows.disputes.append(
            {
                "id": ids.dispute_id(aid, key, src, dst),
                "from_id": src,
                "to_id": dst,
                "props": {
                    "article_id": aid,
                    "key": key,
                    "scope": "cross",
                    "attribution_index": x.attribution,
                    "direction": x.direction,
                    "cue": x.cue,
                    "evidence": x.evidence,
                    "confidence": float(x.confidence),
                    "method": x.method,
                },
            }
        )
    for old, into in sorted(res.claim_merges.items()):
        if old == into or into in res.claim_merges:
            raise ValueError(f"resolution.claim_merges {old} -> {into}: a self-merge or a chain")
        rows.claim_merges.append({"from_id": old, "into_id": into})
    rows.linked_claim_ids = sorted(
        set(rows.linked_claim_ids)
        | ({x.claim_id for x in res.cross_disputes} - set(claims))
        | ({x for m in rows.claim_merges for x in m.values()} - set(claims))
    )

    # Entities: one MENTIONS per (claim, entity).
    mentions: dict[tuple[str, str], dict[str, Any]] = {}
    for e in extraction.entities:
        if not 0 <= e.attribution < n or not ids.normalize_name(e.name):
            continue
        eid = ids.entity_id(e.label, e.name)
        cid = rows.claim_ids[e.attribution]
        mentions.setdefault(
            (eid, cid),
            {
                "id": eid,
                "name": e.name,
                "label": e.label,
                "norm": ids.normalize_name(e.name),
                "claim_id": cid,
            },
        )
    rows.mentions = list(mentions.values())
    return rows


def run_rows(
    tx: neo4j.ManagedTransaction,
    query: str,
    rows: list[dict[str, Any]],
    *,
    batch_size: int = BATCH_SIZE,
    **params: Any,
) -> dict[str, int]:
    """Run an `UNWIND $rows` query in batches of `batch_size`; returns the summed write counters."""
    totals = dict.fromkeys(_COUNTERS, 0)
    for start in range(0, len(rows), batch_size):
        summary = tx.run(query, rows=rows[start : start + batch_size], **params).consume()
        for name in _COUNTERS:
            totals[name] += getattr(summary.counters, name)
    return totals


def _add(total: dict[str, int], part: dict[str, int]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0) + v


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    return {k: getattr(summary.counters, k) for k in _COUNTERS}


def _delete_stale(
    tx: neo4j.ManagedTransaction,
    article_id: str,
    *,
    keep_reports: list[list[Any]],
    keep_asserts: list[list[Any]],
    keep_disputes: list[str],
    totals: dict[str, int],
) -> None:
    """Delete the article's relationships not in the keep lists, then Claims and Speakers left with no
    provenance at all (and Entities only they mentioned)."""
    res = tx.run(q.DELETE_STALE_REPORTS, article_id=article_id, keep=keep_reports)
    stale_claims = res.single(strict=True)["claim_ids"]
    _add(totals, _counters(res.consume()))
    res = tx.run(q.DELETE_STALE_ASSERTS, article_id=article_id, keep=keep_asserts)
    stale_speakers = res.single(strict=True)["speaker_ids"]
    _add(totals, _counters(res.consume()))
    for query, params in (
        (q.DELETE_STALE_DISPUTES, {"article_id": article_id, "keep": keep_disputes}),
        (q.DELETE_ORPHAN_CLAIMS, {"claim_ids": stale_claims}),
        (q.DELETE_ORPHAN_SPEAKERS, {"speaker_ids": stale_speakers}),
    ):
        _add(totals, _counters(tx.run(query, **params).consume()))


def _write_tx(tx: neo4j.ManagedTransaction, rows: ArticleRows) -> dict[str, int]:
    if rows.linked_claim_ids or rows.linked_speaker_ids:
        rec = tx.run(
            q.MISSING_LINK_TARGETS, claim_ids=rows.linked_claim_ids, speaker_ids=rows.linked_speaker_ids
        ).single(strict=True)
        if rec["missing_claims"] or rec["missing_speakers"]:
            raise ResolutionError(
                f"resolution names ids the graph does not hold: claims {rec['missing_claims']}, "
                f"speakers {rec['missing_speakers']}"
            )
    aid = rows.article_id
    totals = dict.fromkeys(_COUNTERS, 0)
    article_counters = _counters(tx.run(q.MERGE_ARTICLE, row=rows.article).consume())
    _add(totals, article_counters)
    is_new = article_counters["nodes_created"] == 1
    for query, batch in (
        (q.MERGE_SPEAKERS, rows.speakers),
        (q.MERGE_CLAIMS, rows.claims),
        (q.MERGE_REPORTS, rows.reports),
        (q.MERGE_ASSERTS, rows.asserts),
        (q.MERGE_DISPUTES, rows.disputes),
        (q.MERGE_MENTIONS, rows.mentions),
    ):
        if batch:
            _add(totals, run_rows(tx, query, batch))
    if rows.claim_merges:
        # Last, so this article's own rows that named a merged-away claim move with the rest.
        _add(totals, run_rows(tx, q.MERGE_CLAIMS_INTO, rows.claim_merges))

    if is_new:  # nothing of an earlier load to remove
        return totals
    # Remove what an earlier load of this article wrote and this one did not.
    _delete_stale(
        tx,
        aid,
        keep_reports=[[r["attribution_index"], r["claim_id"]] for r in rows.reports],
        keep_asserts=[[r["attribution_index"], r["speaker_id"], r["claim_id"]] for r in rows.asserts],
        keep_disputes=[r["id"] for r in rows.disputes],
        totals=totals,
    )
    return totals


def write_rows(tx: neo4j.ManagedTransaction, rows: ArticleRows) -> dict[str, int]:
    """Write one article's rows inside the caller's write transaction (the resolver's); the counters."""
    return _write_tx(tx, rows)


def take_resolver_lock(tx: neo4j.ManagedTransaction) -> None:
    """Block until no other transaction holds the resolver lock, then hold it until this one ends."""
    tx.run(q.TAKE_RESOLVER_LOCK).consume()


def resolve_in_lock(
    driver: neo4j.Driver, work: Callable[[neo4j.ManagedTransaction], T], *, timeout: float
) -> T:
    """Run work(tx) in one write transaction that first takes the resolver lock: candidates read in it
    include everything every earlier resolver committed, and nobody else resolves until it commits.
    `timeout` (seconds) bounds how long a stuck holder can keep the lock; a dead client's transaction
    is rolled back by the server. Transient errors re-run the whole of `work`."""

    @neo4j.unit_of_work(timeout=timeout)
    def locked(tx: neo4j.ManagedTransaction) -> T:
        take_resolver_lock(tx)
        return work(tx)

    with open_session(driver) as s:
        return s.execute_write(locked)


def write_article(
    driver_or_session: neo4j.Driver | neo4j.Session,
    article: ArticleIn,
    extraction: Extraction,
    *,
    resolution: Resolution | None = None,
    lang: str = "en",
) -> WriteResult:
    """Load one article in one transaction (all of it, or nothing). Idempotent.

    Raises ValueError for an inconsistent extraction/resolution (bad indices), ResolutionError for
    links to ids the graph lacks, GraphUnavailable / GraphConstraintError / GraphError from the server.
    """
    rows = build_rows(article, extraction, resolution, lang=lang)
    if isinstance(driver_or_session, neo4j.Session):
        with translate_errors("the session's server"):
            counters = driver_or_session.execute_write(_write_tx, rows)
    else:
        with open_session(driver_or_session) as s:
            counters = s.execute_write(_write_tx, rows)
    log.debug("article %s written: %s", rows.article_id, counters)
    return WriteResult(
        article_id=rows.article_id,
        external_id=article.id,
        claim_ids=rows.claim_ids,
        speaker_ids=rows.speaker_ids,
        disputes=len(rows.disputes),
        counters=counters,
    )


def delete_article(driver: neo4j.Driver, article_id: str) -> bool:
    """Remove an article and what only it said (claims, speakers, entities left without provenance);
    claims and speakers other articles also hold stay. False if there was no such article."""

    def work(tx: neo4j.ManagedTransaction) -> int:
        totals = dict.fromkeys(_COUNTERS, 0)
        _delete_stale(tx, article_id, keep_reports=[], keep_asserts=[], keep_disputes=[], totals=totals)
        return int(tx.run(q.DELETE_ARTICLE_NODE, article_id=article_id).single(strict=True)["deleted"])

    with open_session(driver) as s:
        return s.execute_write(work) > 0


def write_articles(
    driver: neo4j.Driver,
    items: Iterable[tuple[ArticleIn, Extraction] | tuple[ArticleIn, Extraction, Resolution | None]],
    *,
    lang: str = "en",
) -> list[WriteResult | WriteFailure]:
    """Load many articles, one transaction each, in order; one article's failure is reported in its
    slot and does not stop the others. Results come back in input order.

    One transaction per article (not one per batch) so a bad article rolls back alone, and because
    cross-article decisions for article N may depend on what articles < N wrote. An unreachable server
    is not a per-article failure: GraphUnavailable is raised, since every later article would fail too.
    """
    out: list[WriteResult | WriteFailure] = []
    for item in items:
        article, extraction = item[0], item[1]
        resolution = item[2] if len(item) > 2 else None
        try:
            out.append(write_article(driver, article, extraction, resolution=resolution, lang=lang))
        except GraphUnavailable:
            raise
        except (GraphError, ValueError) as exc:
            log.warning("article %s not loaded: %s", article.id, exc)
            out.append(WriteFailure(external_id=article.id, error_type=type(exc).__name__, error=str(exc)))
    return out


def fold_speaker_row(speakers: dict[str, dict[str, Any]], row: dict[str, Any]) -> dict[str, Any]:
    """queries.MERGE_SPEAKERS in Python, for loaders that meet one speaker in many articles before
    writing: the first row creates the speaker; aliases only grow (never the name itself), in the
    order met; role and affiliation keep the first non-null value. Returns the folded row."""
    s = speakers.get(row["id"])
    if s is None:
        s = speakers[row["id"]] = {**row, "aliases": [], "role": None, "affiliation": None}
    old = s["aliases"]
    s["aliases"] = old + [x for x in row["aliases"] if x != s["name"] and x not in old]
    s["role"] = s["role"] if s["role"] is not None else row["role"]
    s["affiliation"] = s["affiliation"] if s["affiliation"] is not None else row["affiliation"]
    return s


def batch_rows(rows: Sequence[ArticleRows]) -> dict[str, list[dict[str, Any]]]:
    """Many new articles' rows as one parameter set per query of `write_new_articles`.

    Speakers are merged across the batch (aliases in article order, as MERGE_SPEAKERS would add them) so
    a much-quoted speaker is one row, not one per article; every list is sorted by node id so concurrent
    loaders take node locks in one global order (fewer deadlocks).
    """
    speakers: dict[str, dict[str, Any]] = {}
    attributions: list[dict[str, Any]] = []
    disputes: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for r in rows:
        for s in r.speakers:
            fold_speaker_row(speakers, s)
        claims = {c["id"]: c for c in r.claims}
        asserts: dict[int, list[dict[str, Any]]] = {}
        for x in r.asserts:
            asserts.setdefault(x["attribution_index"], []).append(
                {"speaker_id": x["speaker_id"], "props": x["props"]}
            )
        for rep in r.reports:
            c = claims[rep["claim_id"]]
            attributions.append(
                {
                    **rep,
                    "claim": {"text": c["text"], "normalized": c["normalized"], "lang": c["lang"]},
                    "asserts": sorted(
                        asserts.get(rep["attribution_index"], []), key=lambda x: x["speaker_id"]
                    ),
                }
            )
        disputes += r.disputes
        mentions += r.mentions
    return {
        "articles": sorted((r.article for r in rows), key=lambda a: a["id"]),
        "speakers": sorted(speakers.values(), key=lambda s: s["id"]),
        "attributions": sorted(attributions, key=lambda a: (a["claim_id"], a["article_id"])),
        "disputes": sorted(disputes, key=lambda d: (d["from_id"], d["to_id"])),
        "mentions": sorted(mentions, key=lambda m: (m["id"], m["claim_id"])),
    }


BULK_BATCH_ROWS = 5000  # rows per UNWIND query on the batch path (a 200-article batch: ~2,000)


def _new_articles_tx(tx: neo4j.ManagedTransaction, params: dict[str, list[dict[str, Any]]]) -> None:
    for query, key in (
        (q.MERGE_ARTICLES, "articles"),
        (q.MERGE_SPEAKERS, "speakers"),
        (q.CREATE_ATTRIBUTIONS, "attributions"),
        (q.MERGE_DISPUTES, "disputes"),
        (q.MERGE_MENTIONS, "mentions"),
    ):
        run_rows(tx, query, params[key], batch_size=BULK_BATCH_ROWS)


def write_new_articles(
    driver: neo4j.Driver,
    items: Iterable[tuple[ArticleIn, Extraction]],
    *,
    lang: str = "en",
) -> list[WriteResult | WriteFailure]:
    """The fast online path for a batch of articles without cross-article resolution: ONE transaction for
    the whole batch, claims + REPORTS + ASSERTS in one CREATE pass (queries.CREATE_ATTRIBUTIONS).

    Articles already in the graph (by id) are written through `write_article` instead (CREATE would
    duplicate their relationships; the per-article path replaces what they said). If the batch
    transaction fails for a reason other than an unreachable server, every article is retried alone
    with `write_article`, so a bad article fails alone, as in `write_articles`. Transient errors
    (deadlocks with concurrent loaders) are retried by the driver's managed transaction, which re-runs
    the whole batch. Results come back in input order.
    """
    pending: list[tuple[ArticleIn, Extraction]] = list(items)
    built: list[ArticleRows | WriteFailure] = []
    for article, extraction in pending:
        try:
            built.append(build_rows(article, extraction, lang=lang))
        except ValueError as exc:
            built.append(WriteFailure(external_id=article.id, error_type="ValueError", error=str(exc)))
    good = [r for r in built if isinstance(r, ArticleRows)]
    with open_session(driver) as s:
        existing = set(s.execute_read(_existing_ids, [r.article_id for r in good]))
    batch: list[ArticleRows] = []
    for r in good:  # an article given twice: the second goes the per-article way, after the batch
        if r.article_id not in existing:
            existing.add(r.article_id)
            batch.append(r)
    batch_ok = True
    if batch:
        try:
            with open_session(driver) as s:
                s.execute_write(_new_articles_tx, batch_rows(batch))
        except GraphUnavailable:
            raise
        except GraphError as exc:
            log.warning("batch of %d articles failed (%s); writing them one by one", len(batch), exc)
            batch_ok = False
    in_batch = {r.article_id for r in batch} if batch_ok else set()
    out: list[WriteResult | WriteFailure] = []
    done: set[str] = set()
    for (article, extraction), built_one in zip(pending, built, strict=True):
        if isinstance(built_one, WriteFailure):
            out.append(built_one)
        elif built_one.article_id in in_batch and built_one.article_id not in done:
            done.add(built_one.article_id)
            out.append(
                WriteResult(
                    article_id=built_one.article_id,
                    external_id=article.id,
                    claim_ids=built_one.claim_ids,
                    speaker_ids=built_one.speaker_ids,
                    disputes=len(built_one.disputes),
                    counters={},
                )
            )
        else:
            out.extend(write_articles(driver, [(article, extraction)], lang=lang))
    return out


def _existing_ids(tx: neo4j.ManagedTransaction, article_ids: list[str]) -> list[str]:
    return [rec["id"] for rec in tx.run(q.EXISTING_ARTICLE_IDS, ids=article_ids)]
