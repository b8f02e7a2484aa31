"""Article in → cleanup → extraction → cross-article resolution → one graph transaction.

The one ingest path shared by `POST /v1/articles`, `claimgraph ingest` and the sample loader: it only
orchestrates. CPU-bound extraction (`prepare_*`) is kept apart from the graph half (`load_prepared`,
which hands the prepared article to the process's `app.resolution.Resolver`) so bulk ingest can run
them in different processes/threads; both halves are the same code for every caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import neo4j
from pydantic import BaseModel, ConfigDict, Field

from app.nlp.models import ArticleIn, QuoteType, Span, SpeakerKind
from app.resolution import Resolved, Resolver
from app.resolution.features import claim_features
from app.resolution.models import ClaimFeatures, PreparedArticle
from graph.models import ArticleDetail, Resolution

__all__ = ["ClaimFeatures", "PreparedArticle", "claim_features"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestedSpeaker(_Model):
    id: str
    name: str
    kind: SpeakerKind


class IngestedClaim(_Model):
    id: str
    text: str
    speaker_id: str | None
    speaker: str | None
    cue: str
    quote_type: QuoteType
    source_span: list[Span] = Field(default_factory=list)
    cue_span: list[Span] = Field(default_factory=list)
    content_span: list[Span] = Field(default_factory=list)


class IngestedDispute(_Model):
    claim_id: str
    disputed_claim_id: str
    confidence: float
    method: str
    evidence: str


class IngestResult(_Model):
    article_id: str
    external_id: str | None = None
    created: bool = Field(
        description="False when the article was already in the graph (same URL or content)."
    )
    speakers: list[IngestedSpeaker] = Field(default_factory=list)
    claims: list[IngestedClaim] = Field(default_factory=list)
    disputes: list[IngestedDispute] = Field(default_factory=list)


class IngestFailure(_Model):
    index: int
    external_id: str | None = None
    error: str


def content_hash(article: ArticleIn) -> str:
    """sha256 of the article body as given (text, else html): the resume / duplicate key.

    The same key graph.writer stores as Article.content_hash (graph.writer.article_body)."""
    from graph import ids

    return ids.content_hash(article.text if article.text is not None else (article.html or ""))


def _check_body(article: ArticleIn) -> None:
    if not (article.text or article.html or "").strip():
        raise ValueError("the article has no text: give a non-empty `text` or `html`")


def prepare_article(article: ArticleIn) -> PreparedArticle:
    """Cleanup + extraction for one article (CPU only; raises ValueError on an empty body)."""
    from app.nlp.pipeline import extract

    _check_body(article)
    extraction = extract(article)
    return PreparedArticle(
        article=article,
        content_hash=content_hash(article),
        extraction=extraction,
        features=claim_features(extraction),
    )


def _prepare_batch(
    batch: list[ArticleIn], batch_size: int, offset: int
) -> list[PreparedArticle | IngestFailure]:
    """Extraction and claim features for consecutive articles (one nlp.pipe batch when the caller
    cuts batches of batch_size), in order; a failing article yields an IngestFailure."""
    from app.nlp.pipeline import extract_many

    valid: list[ArticleIn] = []
    errors: dict[int, str] = {}
    for k, art in enumerate(batch):
        try:
            _check_body(art)
            valid.append(art)
        except ValueError as exc:
            errors[k] = str(exc)
    results = extract_many(valid, n_process=1, batch_size=batch_size)
    out: list[PreparedArticle | IngestFailure] = []
    for k, art in enumerate(batch):
        if k in errors:
            out.append(IngestFailure(index=offset + k, external_id=art.id, error=errors[k]))
            continue
        got = next(results)
        try:
            if isinstance(got, Exception):
                raise got
            out.append(
                PreparedArticle(
                    article=art,
                    content_hash=content_hash(art),
                    extraction=got,
                    features=claim_features(got),
                )
            )
        except Exception as exc:  # noqa: BLE001 - reported per article by the caller
            out.append(
                IngestFailure(index=offset + k, external_id=art.id, error=f"{type(exc).__name__}: {exc}")
            )
    return out


def _prepare_task(task: tuple[list[ArticleIn], int, int]) -> list[PreparedArticle | IngestFailure]:
    return _prepare_batch(*task)


def prepare_articles(
    articles: Iterable[ArticleIn], *, n_process: int = 1, batch_size: int = 16
) -> Iterator[PreparedArticle | IngestFailure]:
    """Batched `nlp.pipe` extraction plus claim features, in input order; a failing article yields
    an IngestFailure.

    With n_process > 1 whole batches of `batch_size` consecutive articles go to n_process worker
    processes (forked from a fork server that loaded the models: app.services.prepare_worker),
    which return finished PreparedArticles: the post-pipe half of extraction
    (speakers, disputes) and the claim features then run in parallel too, not in this process
    beside the writer thread, and no article Doc crosses a process boundary. Batches are the same
    as with n_process=1 (cut by input position), so extraction does not depend on n_process.
    """
    items = list(articles)
    tasks = [(items[i : i + batch_size], batch_size, i) for i in range(0, len(items), batch_size)]
    if n_process <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield from _prepare_task(task)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["app.services.prepare_worker"])
    with ctx.Pool(min(n_process, len(tasks))) as pool:
        for done in pool.imap(_prepare_task, tasks):
            yield from done


def _result(detail: ArticleDetail, created: bool) -> IngestResult:
    speakers: dict[str, IngestedSpeaker] = {}
    claims: list[IngestedClaim] = []
    for att in detail.attributions:
        primary = next((s for s in att.speakers if s.primary is not False), None)
        for s in att.speakers:
            speakers.setdefault(s.id, IngestedSpeaker(id=s.id, name=s.name, kind=s.kind or "GENERIC"))  # type: ignore[arg-type]
        p = att.provenance
        claims.append(
            IngestedClaim(
                id=att.claim.id,
                text=att.claim.text,
                speaker_id=primary.id if primary else None,
                speaker=primary.name if primary else None,
                cue=p.cue or "",
                quote_type=p.quote_type or "indirect",  # type: ignore[arg-type]
                source_span=[(s, e) for s, e in p.source_span],
                cue_span=[(s, e) for s, e in p.cue_span],
                content_span=[(s, e) for s, e in p.content_span],
            )
        )
    disputes = [
        IngestedDispute(
            claim_id=d.from_claim.id,
            disputed_claim_id=d.to_claim.id,
            confidence=d.dispute.confidence,
            method=d.dispute.method or "",
            evidence=d.dispute.evidence,
        )
        for d in detail.disputes
    ]
    return IngestResult(
        article_id=detail.article.id,
        external_id=detail.article.external_id,
        created=created,
        speakers=list(speakers.values()),
        claims=claims,
        disputes=disputes,
    )


def existing_result(driver: neo4j.Driver, article: ArticleIn) -> IngestResult | None:
    """The stored result when this article (same body hash or URL) is already in the graph."""
    from graph import reader

    found = reader.find_article_id(driver, content_hash=content_hash(article), url=article.url)
    if found is None:
        return None
    detail = reader.get_article(driver, found)
    return _result(detail, created=False) if detail else None


def resolve(
    driver: neo4j.Driver, prepared: PreparedArticle, *, resolver: Resolver | None = None
) -> Resolution:
    """Cross-article decisions for one article against the graph as it is, without writing (tools that
    write themselves); the load path is `load_prepared`."""
    return (resolver or Resolver()).resolve(driver, prepared).resolution


def load_prepared(
    driver: neo4j.Driver,
    prepared: PreparedArticle,
    *,
    read_back: bool = True,
    resolver: Resolver | None = None,
) -> IngestResult:
    """Cross-article resolution against the graph, then one transaction for the article, under the
    resolver lock (app.resolution.owner); an article already in the graph (same body hash or URL)
    answers its stored result.

    read_back=False (bulk loads) builds the result from the rows written instead of reading the
    article back: the same ids and counts, one query instead of a read of the whole article.
    `resolver`: the process's owner of resolution state; a fresh one (empty caches) when None."""
    from graph import reader

    loaded = (resolver or Resolver()).load(driver, prepared)
    if loaded.created and not read_back and loaded.resolved is not None:
        return _result_from_rows(prepared, loaded.resolved, loaded.article_id)
    detail = reader.get_article(driver, loaded.article_id)
    if detail is None:  # written in a committed transaction just now, or found in the graph
        raise RuntimeError(f"article {loaded.article_id} vanished right after it was written")
    return _result(detail, created=loaded.created)


def load_prepared_bulk(
    driver: neo4j.Driver, prepared: PreparedArticle, *, resolver: Resolver | None = None
) -> IngestResult:
    """`load_prepared` without the read-back: what `claimgraph ingest` loads with."""
    return load_prepared(driver, prepared, read_back=False, resolver=resolver)


def _result_from_rows(prepared: PreparedArticle, resolved: Resolved, article_id: str) -> IngestResult:
    """What `_result(get_article(...))` returns for a newly written article, from the writer's rows
    (graph.writer.build_rows is pure): linked claims and speakers keep their existing text / name."""
    from graph import writer

    ext = prepared.extraction
    rows = writer.build_rows(prepared.article, ext, resolved.resolution)
    speaker_rows = {r["id"]: r for r in rows.speakers}
    claim_texts = {**resolved.claim_texts, **{r["id"]: r["text"] for r in rows.claims}}
    speakers: dict[str, IngestedSpeaker] = {}
    primary: dict[int, str] = {}
    for x in rows.asserts:
        sid = x["speaker_id"]
        name, kind = resolved.speaker_names.get(sid) or (speaker_rows[sid]["name"], speaker_rows[sid]["kind"])
        speakers.setdefault(sid, IngestedSpeaker(id=sid, name=name, kind=kind or "GENERIC"))  # type: ignore[arg-type]
        if x["props"]["primary"]:
            primary.setdefault(x["attribution_index"], sid)
    claims = []
    for i, a in enumerate(ext.attributions):
        cid = rows.claim_ids[i]
        sid = primary.get(i)
        claims.append(
            IngestedClaim(
                id=cid,
                text=claim_texts.get(cid, ""),
                speaker_id=sid,
                speaker=speakers[sid].name if sid else None,
                cue=ext.span_text(a.cue, sep=" "),
                quote_type=a.quote_type,
                source_span=list(a.source),
                cue_span=list(a.cue),
                content_span=list(a.content),
            )
        )
    disputes = [
        IngestedDispute(
            claim_id=d["from_id"],
            disputed_claim_id=d["to_id"],
            confidence=d["props"]["confidence"],
            method=d["props"]["method"] or "",
            evidence=d["props"]["evidence"],
        )
        for d in rows.disputes
    ]
    return IngestResult(
        article_id=article_id,
        external_id=prepared.article.id,
        created=True,
        speakers=list(speakers.values()),
        claims=claims,
        disputes=disputes,
    )


def ingest_article(
    driver: neo4j.Driver, article: ArticleIn, *, resolver: Resolver | None = None
) -> IngestResult:
    """Load one article; idempotent (same URL or content hash → created=False, same ids)."""
    again = existing_result(driver, article)
    if again is not None:
        return again
    return load_prepared(driver, prepare_article(article), resolver=resolver)


def ingest_articles(
    driver: neo4j.Driver, articles: list[ArticleIn], *, resolver: Resolver | None = None
) -> list[IngestResult | IngestFailure]:
    """Load many; one bad article yields an IngestFailure in its slot and never stops the rest.

    An unreachable server is not one article's fault: GraphUnavailable propagates (the API answers 503).
    """
    from graph.errors import GraphError, GraphUnavailable

    resolver = resolver or Resolver()
    out: list[IngestResult | IngestFailure] = []
    for k, prepared in enumerate(prepare_articles(articles)):
        if isinstance(prepared, IngestFailure):
            out.append(prepared)
            continue
        try:
            out.append(load_prepared(driver, prepared, resolver=resolver))
        except GraphUnavailable:
            raise
        except (GraphError, ValueError) as exc:
            out.append(IngestFailure(index=k, external_id=prepared.article.id, error=str(exc)))
    return out
