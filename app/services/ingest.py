"""Article in → cleanup → extraction → cross-article resolution → one graph transaction.

The one ingest path shared by `POST /v1/articles`, `claimgraph ingest` and the
sample loader. CPU-bound extraction (`prepare_*`) is kept apart from the
graph half (`load_prepared`) so bulk ingest can run them in different
processes/threads; both halves are the same code for every caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import neo4j
from pydantic import BaseModel, ConfigDict, Field

from app.nlp.models import ArticleIn, Extraction, QuoteType, Span, Speaker, SpeakerKind
from app.nlp.union_find import UnionFind
from graph.models import ArticleDetail, CrossDispute, Resolution
from graph.writer import normalize_published_at


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


class ClaimFeatures(_Model):
    """What cross-article resolution needs of one attribution's claim, computed with the extraction
    (in the worker processes of a bulk run) so the single writer thread does not parse it again."""

    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    text: str = Field(description="The Claim text the writer stores (the content, stripped).")
    cue: str = Field(description="The attribution's reporting words, as stored on REPORTS.cue.")
    terms: list[str] = Field(description="app.nlp.claims.claim_terms(text): content lemmas, in order.")
    query: str = Field(description="Full-text candidate query (claims.candidate_query_terms), or ''.")
    refutes: bool = Field(description="Does the claim, with this cue, deny something said before?")
    doc: bytes = Field(default=b"", description="claims.doc_bytes(text): the claim's parse.")
    cue_lemmas: list[str] | None = Field(default=None, description="claims.cue_lemmas(cue), when cue.")
    predicate: bool | None = Field(default=None, description="claims.has_predicate(text).")


class PreparedArticle(_Model):
    """The CPU-bound half of ingest (no graph access): safe to compute in worker processes."""

    article: ArticleIn
    content_hash: str
    extraction: Extraction
    features: list[ClaimFeatures] | None = Field(
        default=None,
        description="One per attribution (claim_features); None: the resolver computes them itself.",
    )


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


def claim_features(extraction: Extraction) -> list[ClaimFeatures]:
    """ClaimFeatures of every attribution, computed with the functions the resolver would call."""
    from app.nlp import claims as cl

    texts = [extraction.span_text(a.content).strip() for a in extraction.attributions]
    cues = [extraction.span_text(a.cue, sep=" ") for a in extraction.attributions]
    cl.parse_many(texts + [c for c in cues if c])
    out = []
    for a, text, cue in zip(extraction.attributions, texts, cues, strict=True):
        terms = cl.claim_terms(text)
        query = cl.candidate_query_terms(text) if len(terms) >= MIN_SEARCH_TERMS else ""
        side = _Side(text=text, cue=cue, speaker=a.speaker, speaker_ids=frozenset(), order=("", ""))
        out.append(
            ClaimFeatures(
                text=text,
                cue=cue,
                terms=terms,
                query=query,
                refutes=_refutes(side),
                doc=cl.doc_bytes(text),
                cue_lemmas=cl.cue_lemmas(cue) if cue else None,
                predicate=cl.has_predicate(text),
            )
        )
    return out


# --- cross-article resolution ----------------------------------------------------------------------
#
# Thresholds (set on PolNeAR dev loaded through the graph with scripts/eval_graph_resolve.py; the
# figures are in the report of issue 4):
# - CLAIM_CANDIDATES: full-text hits examined per attribution. The query is the claim's most specific
#   words (claims.candidate_query_terms), so paraphrases rank high, but BM25 favours short claims:
#   on dev Trump's "can't release because he is being audited" ranked 9th for its paraphrase "the
#   audit as the reason he's not releasing his returns". 12 reaches it; candidates below the lexical
#   bar (_same_claim_bar) cost no encoder call, and no new cross-article dispute came with them.
# - MIN_SEARCH_TERMS: contents with fewer content words ("taxes") are fragments that match everything
#   on their topic; they are not searched (identical text still shares one Claim by id). Two words
#   ("That makes me smart") are enough for a repetition (claims.MIN_TERMS).
# - MIN_DISPUTE_TERMS: both sides of a cross-article dispute say something ("Tulsa police's" is a
#   fragment of an attribution, not a claim that can be contradicted).
# - CROSS_MIN_SIMILARITY: any cross-article dispute (antonyms, figures) needs the two claims to share
#   this much weighted vocabulary; one shared word is a topic, not a contradiction.
# - CROSS_REFUTE_SIMILARITY: a denial in another article ("Apex denied that it had dumped waste")
#   disputes a claim only when its content restates that claim; inside one article two shared words
#   are enough, across a corpus they are not.
# - CROSS_POLARITY_SIMILARITY: a negation flip between two claims of different articles is a dispute
#   only when they say nearly the same thing otherwise; below it the dev corpus gave mostly topic
#   neighbours ("climate change believers" / "deny climate change").
CLAIM_CANDIDATES = 12
MIN_SEARCH_TERMS = 2
MIN_DISPUTE_TERMS = 3
CROSS_MIN_SIMILARITY = 0.3
CROSS_REFUTE_SIMILARITY = 0.45
CROSS_POLARITY_SIMILARITY = 0.35


@dataclass(frozen=True)
class _Side:
    """One end of a possible cross-article pair: a claim's text, cue and speaker."""

    text: str
    cue: str
    speaker: str | None
    speaker_ids: frozenset[str]
    order: tuple[str, str]  # (publication date, article id): the later one answers the earlier


def _refutes(side: _Side) -> bool:
    """Does the claim deny or call false something said before (cue 'denied', content 'a lie')?"""
    from app.nlp import claims as cl
    from app.nlp.disputes import is_refuter

    return is_refuter(cl._view(side.text, side.speaker, side.cue or None))


# (claim text, cue) -> _refutes of that claim with that cue. The answer does not depend on the speaker
# (is_refuter reads the content's refutation words and the cue's lemmas), so one entry serves a claim
# as the new side and later as a candidate. Filled from ClaimFeatures (computed in the extraction
# workers) and by _known_refutes; bounded like the other per-process caches.
_REFUTES: dict[tuple[str, str], bool] = {}
_REFUTES_MAX = 200_000


def _remember_refutes(text: str, cue: str, refutes: bool) -> None:
    if len(_REFUTES) >= _REFUTES_MAX:
        _REFUTES.clear()
    _REFUTES[(text, cue)] = refutes


def _known_refutes(side: _Side) -> bool:
    """`_refutes(side)`, parsing the claim only when no extraction worker has judged it yet."""
    got = _REFUTES.get((side.text, side.cue))
    if got is None:
        got = _refutes(side)
        _remember_refutes(side.text, side.cue, got)
    return got


def _pick_cue(text: str, cues: list[str]) -> str:
    """A claim asserted in several articles has several cues: a denial cue wins (it decides who
    answers whom), else the first in sort order, so the choice does not depend on load order."""
    ordered = sorted(c for c in cues if c)
    return next(
        (
            c
            for c in ordered
            if _known_refutes(_Side(text=text, cue=c, speaker=None, speaker_ids=frozenset(), order=("", "")))
        ),
        ordered[0] if ordered else "",
    )


def _dispute(a: _Side, b: _Side) -> CrossDispute | None:
    """Does side a (the answering / later one) dispute side b? Attribution and claim are filled in
    by the caller."""
    from app.nlp import claims as cl

    if a.speaker_ids & b.speaker_ids:
        return None  # one speaker does not dispute themself across articles
    if min(len(cl.term_weights(a.text)), len(cl.term_weights(b.text))) < MIN_DISPUTE_TERMS:
        return None
    sim = cl.lexical_similarity(a.text, b.text)
    if sim < CROSS_MIN_SIMILARITY:
        return None  # checked first: the rules below parse both claims
    score = cl.cross_dispute(
        a.text, b.text, speaker_a=a.speaker, speaker_b=b.speaker, cue_a=a.cue or None, cue_b=b.cue or None
    )
    gates = {"refutation": CROSS_REFUTE_SIMILARITY, "polarity": CROSS_POLARITY_SIMILARITY}
    if score is None or sim < gates.get(score.method, CROSS_MIN_SIMILARITY):
        return None
    evidence = score.evidence if "similarity" in score.evidence else f"{score.evidence}; similarity {sim:.2f}"
    return CrossDispute(
        attribution=0,
        claim_id="",
        confidence=score.confidence,
        method=f"cross-{score.method}",
        cue=score.cue,
        evidence=evidence,
    )


def _existing_dispute_pairs(driver: neo4j.Driver, claim_id: str) -> set[tuple[str, str]]:
    """(from, to) of the DISPUTES edges an existing claim already has: a repetition linked to it
    must not add a second edge for a pair the graph holds."""
    from graph import reader

    detail = reader.get_claim(driver, claim_id)
    if detail is None:
        return set()
    return {(claim_id, d.claim.id) for d in detail.disputes} | {
        (d.claim.id, claim_id) for d in detail.disputed_by
    }


def _same_claim_bar(same_speaker: bool) -> float:
    """The lexical similarity below which claims.same_claim cannot say yes: its score averages the
    lexical and the embedding similarity (each at most 1), plus a bonus for one speaker, against
    its threshold. Checking this first skips the sentence encoder for most candidates without
    changing a decision."""
    from app.nlp import claims as cl

    bonus = cl.SAME_SPEAKER_BONUS if same_speaker else 0.0
    return max(cl.MIN_LEXICAL, 2 * (cl.SAME_CLAIM_THRESHOLD - bonus) - 1)


def resolve(driver: neo4j.Driver, prepared: PreparedArticle) -> Resolution:
    """Cross-article decisions for one article against what the graph holds (indexed look-ups only).

    Speakers: an existing Speaker the name resolves to (same person by app.nlp.speaker_match).
    Claims: an existing Claim of another article asserting the same proposition (app.nlp.claims),
    never across a denial (a denial's content restates what it denies: that is a dispute).
    Disputes: existing claims this article's claims dispute, or that dispute them. Direction: the
    answering side (a denial / refutation) disputes the other; otherwise the later article
    (publication date, then article id) disputes the earlier, so load order does not change the graph.
    """
    return _resolve_limited(driver, prepared).resolution


def _resolve_limited(driver: neo4j.Driver, prepared: PreparedArticle) -> _Resolved:
    from threadpoolctl import threadpool_limits

    # One BLAS thread for the numpy work here (embedding look-ups, cosines): OpenBLAS's pool beside the
    # spaCy worker processes made the former numpy encoder ~20x slower on a busy host.
    with threadpool_limits(limits=1, user_api="blas"):
        return _resolve_full(driver, prepared)


@dataclass
class _Resolved:
    """A Resolution plus what the write result needs of the existing nodes it links to."""

    resolution: Resolution
    speaker_names: dict[str, tuple[str, str | None]]  # linked Speaker id -> (its name, kind)
    claim_texts: dict[str, str]  # linked Claim id -> its text


def _resolve_full(driver: neo4j.Driver, prepared: PreparedArticle) -> _Resolved:
    from app.nlp import claims as cl
    from app.nlp.speaker_match import SAME_PERSON_THRESHOLD, same_person
    from graph import ids, reader

    ext, art = prepared.extraction, prepared.article
    aid = ids.article_id(external_id=art.id, text_hash=prepared.content_hash)
    my_date = normalize_published_at(art.published_at) or ""
    res = Resolution()
    out = _Resolved(resolution=res, speaker_names={}, claim_texts={})
    features = prepared.features
    if features is None or len(features) != len(ext.attributions):
        features = claim_features(ext)
    # What the workers computed stands in for parsing these texts here, now and when they come back
    # as other articles' candidates.
    for f in features:
        cl.remember_terms(f.text, f.terms)
        if f.doc:
            cl.remember_doc(f.text, f.doc)
        _remember_refutes(f.text, f.cue, f.refutes)
        if f.cue and f.cue_lemmas is not None:
            cl.remember_cue_lemmas(f.cue, f.cue_lemmas)
        if f.predicate is not None:
            cl.remember_predicate(f.text, f.predicate)

    # Documents are linked by their exact name only (same id): their aliases are common nouns
    # ("poll", "report") that would fuse the Bloomberg poll with another outlet's ABC poll.
    linkable = [sp for sp in ext.speakers if sp.kind not in ("GENERIC", "DOCUMENT")]
    known_by_name = reader.speaker_candidates_many(driver, [sp.name for sp in linkable], limit=5)
    speaker_ids: dict[str, str] = {}
    for sp in linkable:
        own = ids.speaker_id(sp.name, kind=sp.kind)
        best: tuple[float, str, str] | None = None
        for known in known_by_name.get(sp.name, []):
            if known.kind and known.kind != sp.kind:
                continue
            existing = Speaker(
                name=known.name,
                kind=sp.kind,
                aliases=known.aliases,
                role=known.role,
                affiliation=known.affiliation,
            )
            score = 1.0 if known.id == own else same_person(sp, existing)
            if score >= SAME_PERSON_THRESHOLD and (best is None or score > best[0]):
                best = (score, known.id, known.name)
        speaker_ids[sp.name] = best[1] if best else own
        if best and best[1] != own:
            res.speaker_links[sp.name] = best[1]
            out.speaker_names[best[1]] = (best[2], sp.kind)

    # One full-text round trip for all the article's claims (candidates depend on the graph as it was
    # before this article, not on the decisions below).
    searched = {k: f.query for k, f in enumerate(features) if len(f.terms) >= MIN_SEARCH_TERMS and f.query}
    candidates = reader.claim_candidates_many(
        driver, searched, limit=CLAIM_CANDIDATES, exclude_article_id=aid
    )
    seen: set[tuple[str, str]] = set()  # (from claim, to claim) decided now or already in the graph
    merged: UnionFind[str] = UnionFind()  # existing claims folded together by this article's repetitions
    earlier: list[tuple[int, str, frozenset[str], bool]] = []  # this article's clauses with a speaker so far
    in_article_disputes = {(d.i, d.j) for d in ext.disputes}
    for k, a in enumerate(ext.attributions):
        if k not in searched:
            continue
        text = features[k].text  # the Claim text the writer stores
        sid = speaker_ids.get(a.speaker or "")
        mine = _Side(
            text=text,
            cue=features[k].cue,
            speaker=a.speaker,
            speaker_ids=frozenset({sid} if sid else ()),
            order=(my_date, aid),
        )
        my_refutes = _known_refutes(mine)
        sides: list[tuple[str, _Side]] = []
        for cand in candidates.get(k, []):
            first = min(
                ((normalize_published_at(x.published_at) or "", x.id) for x in cand.articles),
                default=("", ""),
            )
            speaker = next((s.name for s in cand.speakers if s.primary is not False), None)
            side = _Side(
                text=cand.text,
                cue=_pick_cue(cand.text, cand.cues),
                speaker=speaker,
                speaker_ids=frozenset(s.id for s in cand.speakers),
                order=first,
            )
            sides.append((cand.id, side))
            out.claim_texts[cand.id] = cand.text

        # Same claim: the best-scoring candidate that passes same_claim, both asserting or both denying.
        close = [
            (cid, other, bool(mine.speaker_ids & other.speaker_ids))
            for cid, other in sides
            if cl.lexical_similarity(text, other.text)
            >= _same_claim_bar(bool(mine.speaker_ids & other.speaker_ids))
            and my_refutes == _known_refutes(other)
        ]
        if close:
            cl.warm([text, *(other.text for _, other, _ in close)])  # one encoder batch
        matched: list[tuple[float, str]] = []
        for cid, other, same_speaker in close:
            if cl.same_claim(text, other.text, same_speaker=same_speaker):
                matched.append((cl.claim_match_score(text, other.text, same_speaker=same_speaker), cid))
        matched.sort(key=lambda x: (-x[0], x[1]))
        my_claim = ids.claim_id(text) if ids.normalize_text(text) else ""
        folded: set[str] = set()
        # One speaker saying one thing twice in this article (a summary, then the quote) is one Claim,
        # unless another article's claim matches it better. Only clauses, as for folds.
        repeat: tuple[float, int] | None = None
        if mine.speaker_ids and cl.has_predicate(text):
            for j, j_text, j_speakers, j_refutes in earlier:
                if (
                    j_speakers != mine.speaker_ids
                    or j_refutes != my_refutes
                    or {(j, k), (k, j)} & in_article_disputes
                    or not cl.same_claim(text, j_text, same_speaker=True)
                ):
                    continue
                score = cl.claim_match_score(text, j_text, same_speaker=True)
                if repeat is None or score > repeat[0]:
                    repeat = (score, j)
            earlier.append((k, text, mine.speaker_ids, my_refutes))
        if repeat is not None and (not matched or repeat[0] >= matched[0][0]):
            j = repeat[1]
            my_claim = merged.find(res.claim_links.get(j) or ids.claim_id(features[j].text))
            res.claim_links[k] = my_claim
            matched = []
        if matched:
            my_claim = merged.find(matched[0][1])
            res.claim_links[k] = my_claim
            seen |= _existing_dispute_pairs(driver, my_claim)
            # Every other existing claim this one repeats is the same proposition: fold it into the
            # best (three outlets, three Claims until a fourth report shows they are one), unless the
            # graph says one disputes the other. Only propositions fold: a noun phrase ("the death of
            # Terence Crutcher") names a topic that many different claims repeat (dev: it chained a
            # charge against the officer and a condolence into one Claim).
            text_of = {cid: side.text for cid, side in sides}
            for _, cid in matched[1:]:
                root = merged.find(cid)
                if root == my_claim or (my_claim, root) in seen or (root, my_claim) in seen:
                    continue
                if not (cl.has_predicate(text_of[matched[0][1]]) and cl.has_predicate(text_of[cid])):
                    continue
                merged.union(root, into=my_claim)
                folded.add(cid)
            # The claim was first made in the earliest article asserting it: that date orders it.
            firsts = [side.order for cid, side in sides if cid == matched[0][1] or cid in folded]
            mine = replace(mine, order=min([mine.order, *firsts]))

        for cid, other in sides:
            if cid == my_claim or cid in folded or merged.find(cid) == my_claim:
                continue
            other_refutes = _known_refutes(other)
            # A denial answers the claim it denies; otherwise the later article answers the earlier.
            outgoing = my_refutes if my_refutes != other_refutes else mine.order > other.order
            pair = (my_claim, cid) if outgoing else (cid, my_claim)
            if pair in seen or pair[::-1] in seen:
                continue  # one DISPUTES edge per pair of claims
            found = _dispute(mine, other) if outgoing else _dispute(other, mine)
            if found is None:
                continue
            seen.add(pair)
            direction = "disputes" if outgoing else "disputed_by"
            res.cross_disputes.append(
                found.model_copy(update={"attribution": k, "claim_id": cid, "direction": direction})
            )
    # Links and merges name surviving claims only (a claim folded after an earlier attribution linked
    # to it); a dispute between two claims that became one is dropped.
    res.claim_links = {k: merged.find(cid) for k, cid in res.claim_links.items()}
    res.claim_merges = merged.merges()
    res.cross_disputes = [
        x.model_copy(update={"claim_id": merged.find(x.claim_id)})
        for x in res.cross_disputes
        if merged.find(x.claim_id) != res.claim_links.get(x.attribution)
    ]
    return out


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


def load_prepared(driver: neo4j.Driver, prepared: PreparedArticle, *, read_back: bool = True) -> IngestResult:
    """Cross-article resolution against the graph, then one transaction for the article.

    read_back=False (bulk loads) builds the result from the rows written instead of reading the
    article back: the same ids and counts, one query instead of a read of the whole article."""
    again = existing_result(driver, prepared.article)
    if again is not None:
        return again
    return _write_prepared(driver, prepared, read_back=read_back)


def load_prepared_bulk(driver: neo4j.Driver, prepared: PreparedArticle) -> IngestResult:
    """`load_prepared` without the read-back: what `claimgraph ingest` loads with."""
    return load_prepared(driver, prepared, read_back=False)


def _write_prepared(
    driver: neo4j.Driver, prepared: PreparedArticle, *, read_back: bool = True
) -> IngestResult:
    """Resolve and write an article known not to be in the graph yet; the result read back from the
    graph, or built from the written rows."""
    from graph import reader, writer

    resolved = _resolve_limited(driver, prepared)
    written = writer.write_article(
        driver, prepared.article, prepared.extraction, resolution=resolved.resolution
    )
    if not read_back:
        return _result_from_rows(prepared, resolved, written.article_id)
    detail = reader.get_article(driver, written.article_id)
    if detail is None:  # written in a committed transaction just now
        raise RuntimeError(f"article {written.article_id} vanished right after it was written")
    return _result(detail, created=True)


def _result_from_rows(prepared: PreparedArticle, resolved: _Resolved, article_id: str) -> IngestResult:
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


def ingest_article(driver: neo4j.Driver, article: ArticleIn) -> IngestResult:
    """Load one article; idempotent (same URL or content hash → created=False, same ids)."""
    again = existing_result(driver, article)
    if again is not None:
        return again
    return _write_prepared(driver, prepare_article(article))


def ingest_articles(driver: neo4j.Driver, articles: list[ArticleIn]) -> list[IngestResult | IngestFailure]:
    """Load many; one bad article yields an IngestFailure in its slot and never stops the rest.

    An unreachable server is not one article's fault: GraphUnavailable propagates (the API answers 503).
    """
    from graph.errors import GraphError, GraphUnavailable

    out: list[IngestResult | IngestFailure] = []
    for k, prepared in enumerate(prepare_articles(articles)):
        if isinstance(prepared, IngestFailure):
            out.append(prepared)
            continue
        try:
            out.append(load_prepared(driver, prepared))
        except GraphUnavailable:
            raise
        except (GraphError, ValueError) as exc:
            out.append(IngestFailure(index=k, external_id=prepared.article.id, error=str(exc)))
    return out
