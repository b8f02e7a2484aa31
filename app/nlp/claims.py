"""Claims across articles: normalisation for ids, similarity, same-claim and dispute decisions.

The graph loader (in `graph/`) asks a full-text index for candidate claims
(`candidate_query_terms`) and then calls these pure functions on each candidate:

- `normalize_claim(text)`: a canonical string for deterministic Claim ids. Pure
  string work (no model), so ids do not change when the spaCy model does.
- `claim_similarity(a, b)`: mean of `lexical_similarity` (IDF-weighted cosine of the
  two claims' content-word lemmas, numbers kept; IDF from claim contents of PolNeAR
  train, `scripts/build_claim_idf.py`, so reporting words weigh little) and the MiniLM
  sentence-embedding cosine (`app.nlp.dispute_embed`).
- `same_claim(a, b, same_speaker=...)`: `claim_match_score` (similarity, plus
  `SAME_SPEAKER_BONUS` when the caller knows one speaker asserts both) at or above
  `SAME_CLAIM_THRESHOLD`, enough content words (more for two speakers), and no conflict
  between them (a negation flip or antonyms make a dispute, not a repetition).
- `cross_dispute(a, b, speaker_a=..., speaker_b=...)`: does claim a (the later /
  responding one) dispute claim b? The in-article rules of `app.nlp.disputes`
  (refutation, antonym, figures, polarity) applied to the pair, plus a
  cross-article polarity rule for near-paraphrases with a negation flip.

Thresholds were chosen on the three annotated dev clusters
(`shared/eval/data/polnear-dev-cross.json`) with the system's own attributions loaded
through the graph (`scripts/eval_graph_resolve.py`); `scripts/eval_cross.py` measures the
same decisions on gold attributions. Figures and neighbours: docs/cross-article.md.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from app.nlp import dispute_embed
from app.nlp.dispute_features import ClaimView, antonym_hits, build_view, mentions, polarity_flip
from app.nlp.disputes import judge_pair, same_side
from app.settings import get_settings

IDF_PATH = Path(__file__).parent / "data" / "disputes" / "idf.json"
# Chosen on PolNeAR dev loaded through the graph (scripts/eval_graph_resolve.py, the system's own
# attributions; 23 gold same-claim pairs, so coarse). The same-speaker bar (0.55) is unchanged from
# 0.80/0.25; the different-speaker bar drops to 0.75, which a claim of two outlets needs ("$916
# million loss ... 18 years", similarity 0.76), with MIN_TERMS_OTHER_SPEAKER keeping topic phrases
# apart. Through the graph: 0.80/0.25 P 1.00 R 0.17 F1 0.30 (4 of 4); 0.75/0.20 without the
# different-speaker length rule P 0.75 R 0.26 F1 0.39 (6 of 8, and topic-phrase merges outside the
# clusters: "climate change", "conspiracy theories"); 0.75/0.20 with it P 0.86 R 0.26 F1 0.40 (6 of
# 7). Neighbours in docs/cross-article.md. Precision first: a false merge corrupts a Claim node.
SAME_CLAIM_THRESHOLD = 0.75
SAME_SPEAKER_BONUS = 0.2
# Fragments ("taxes", "Curfew") match everything on their topic: only identical text merges them.
MIN_TERMS = 2
# Two DIFFERENT speakers' claims merge only when both say something (this many content words): a
# noun phrase ("climate change", "Crutcher's death", "carried interest") names a topic, and two
# people mentioning one topic do not assert one proposition. One speaker repeating a short line
# ("That makes me smart") is still a repetition.
MIN_TERMS_OTHER_SPEAKER = 4
# Two claims share at least this much weighted vocabulary to be one claim, whatever the encoder
# says: below it a same-speaker pair needed an embedding cosine >= 0.8 to pass, which on dev only
# topic neighbours reached (the lowest lexical similarity of a gold same-claim link is 0.36), while
# encoding the new claim for such candidates was a third of a large graph's resolve time
# (PolNeAR train at 600 articles: ~10 encoder runs per article, 7.7 ms each).
MIN_LEXICAL = 0.3
# A cross-article polarity dispute needs the two claims to be about the same thing.
POLARITY_SIMILARITY = 0.35
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "`": "'", "´": "'", "«": '"', "»": '"'})
_LUCENE_SPECIAL = re.compile(r'[+\-&|!(){}\[\]^"~*?:\\/]')


@dataclass(frozen=True)
class DisputeScore:
    """Why claim a disputes claim b: same fields as `app.nlp.models.Dispute` minus the indices."""

    confidence: float
    method: str
    cue: str | None
    evidence: str


def normalize_claim(text: str) -> str:
    """Canonical form of a claim's text: NFKC, lower case, no quotes/punctuation, single spaces.

    '"That makes me smart,"' and "That makes me smart" give the same string; digits,
    '$' and '%' are kept because figures distinguish claims.
    """
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    t = t.replace("''", " ").replace("n't", " not")
    t = re.sub(r"(?<=\d)[,.](?=\d)", "", t)  # 1,000 and 1.000 -> 1000 so figures compare
    t = re.sub(r"[^\w$%]+", " ", t)
    return " ".join(t.split())


# Claim texts are parsed without the entity recogniser: in the small English pipeline it carries its
# own embedding layer and was 56% of a claim parse (1,174 train claims: 3.97 -> 1.74 CPU-s), while
# nothing here needs it (`_same_subject` compares proper-noun lemmas).
@lru_cache(maxsize=1)
def _nlp() -> Language:
    return spacy.load(get_settings().spacy_model, exclude=["ner"])


# Parses made in another process (app.services.ingest's extraction workers): text -> Doc.to_bytes().
# Restoring one costs a fraction of parsing the text again; bounded (a few KB each).
_KNOWN_DOCS: dict[str, bytes] = {}
_KNOWN_DOCS_MAX = 50_000
_DOC_EXCLUDE = ["tensor", "user_data"]  # nothing here reads them


# Parses of one batch (parse_many), handed to _parse's cache on first use; cleared per batch.
_PIPED: dict[str, Doc] = {}


def parse_many(texts: list[str]) -> None:
    """Parse these texts in one `nlp.pipe` batch before they are used one by one: half the time of
    parsing each alone (600 dev claims: 1.7 s vs 3.5 s), with the same annotations (600 of 600
    identical `Doc.to_bytes`)."""
    _PIPED.clear()
    todo = [t for t in dict.fromkeys(texts) if t not in _KNOWN_DOCS]
    for text, doc in zip(todo, _nlp().pipe(todo, batch_size=64), strict=True):
        _PIPED[text] = _lean(doc)


@lru_cache(maxsize=16384)
def _cue_lemmas(cue: str) -> frozenset[str]:
    """The lemmas of a cue ("told reporters"): cached apart from the claims, whose parses would
    otherwise push the few hundred distinct cues out of `_parse`'s cache and have them parsed again."""
    known = _KNOWN_CUES.get(cue)
    if known is not None:
        return frozenset(known)
    return frozenset(t.lemma_.lower() for t in _parse(cue))


def cue_lemmas(cue: str) -> list[str]:
    """The lemmas of a cue, sorted: what `remember_cue_lemmas` takes back in another process."""
    return sorted(_cue_lemmas(cue))


# Cue lemmas and has_predicate answers computed in another process (the extraction workers): a loader
# otherwise ran spaCy on every candidate's cue and restored every candidate's parse to ask them again.
_KNOWN_CUES: dict[str, list[str]] = {}
_KNOWN_PREDICATES: dict[str, bool] = {}
_KNOWN_MAX = 200_000


def remember_cue_lemmas(cue: str, lemmas: list[str]) -> None:
    _remember(_KNOWN_CUES, _KNOWN_MAX, cue, list(lemmas))


def remember_predicate(text: str, value: bool) -> None:
    _remember(_KNOWN_PREDICATES, _KNOWN_MAX, text, value)


def _lean(doc: Doc) -> Doc:
    """Drop the tok2vec tensor nothing here reads: 8 KiB per claim parse instead of 18."""
    doc.tensor = numpy.empty((0,), dtype="float32")
    return doc


# 16k lean parses of claim texts are ~130 MB; at 4k a loader against a large graph restored and
# re-parsed its candidates' texts over and over (PolNeAR train, articles 600-700: 1.2k spaCy runs).
@lru_cache(maxsize=16384)
def _parse(text: str) -> Doc:
    piped = _PIPED.pop(text, None)
    if piped is not None:
        return piped
    data = _KNOWN_DOCS.get(text)
    if data is not None:
        return Doc(_nlp().vocab).from_bytes(data, exclude=_DOC_EXCLUDE)
    return _lean(_nlp()(text))


def doc_bytes(text: str) -> bytes:
    """The parse of `text` as `remember_doc` takes it back in another process."""
    return _parse(text).to_bytes(exclude=_DOC_EXCLUDE)


def remember_doc(text: str, data: bytes) -> None:
    """Seed `_parse(text)` with `doc_bytes(text)` from another process: the same tokens, tags,
    lemmas, dependencies and entities, without running the pipeline."""
    _remember(_KNOWN_DOCS, _KNOWN_DOCS_MAX, text, data)


def _remember(cache: dict[str, Any], limit: int, key: str, value: Any) -> None:
    """Keep `value` unless the key is known; a full cache starts over (simple, and bounded)."""
    if key in cache:
        return
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _number_term(value: float) -> str:
    """Figures compare at two significant digits ("$915 million" = "$916 million"); years stay exact."""
    if value.is_integer() and 1800 <= value <= 2100:
        return str(int(value))
    return f"{value:.1e}"


def lemma_terms(doc: Doc) -> list[str]:
    """Content-word lemmas (lower case) and figures of a parsed text."""
    out = []
    skip = -1
    for t in doc:
        if t.i == skip or t.is_punct or t.is_space:
            continue
        if t.like_num and any(c.isdigit() for c in t.text):
            try:
                value = float(re.sub(r"[^\d.]", "", t.text).rstrip("."))
            except ValueError:
                continue
            nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
            if nxt in _SCALE:
                value *= _SCALE[nxt]
                skip = t.i + 1
            out.append(_number_term(value))
            continue
        if t.pos_ in _CONTENT_POS and not t.is_stop and len(t.text) > 1:
            out.append(t.lemma_.lower())
    return [w for w in out if w]


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """Lemma -> IDF weight, and the weight of an unseen lemma (as if seen once)."""
    if not IDF_PATH.exists():
        return {}, 1.0
    data = json.loads(IDF_PATH.read_text(encoding="utf-8"))
    n = float(data["n_docs"])
    return {k: math.log((n + 1) / (v + 1)) + 1.0 for k, v in data["df"].items()}, math.log((n + 1) / 2) + 1.0


# Lemma terms computed elsewhere (app.services.ingest computes them in its extraction worker
# processes): text -> the keys of term_weights(text) in their order. Bounded like dispute_embed's cache.
_KNOWN_TERMS: dict[str, list[str]] = {}
_KNOWN_TERMS_MAX = 200_000


@lru_cache(maxsize=8192)
def term_weights(text: str) -> dict[str, float]:
    """IDF weight of each distinct content lemma of `text`."""
    idf, unseen = _idf()
    known = _KNOWN_TERMS.get(text)
    # Sorted, not set order: set order follows the per-process string hash, so the float sums over
    # these weights would differ in the last bit between processes (and runs).
    terms = known if known is not None else sorted(set(lemma_terms(_parse(text))))
    return {w: idf.get(w, unseen) for w in terms}


def claim_terms(text: str) -> list[str]:
    """The distinct content lemmas of `text` in `term_weights` order: what `remember_terms` takes back,
    so a process that did not parse the text computes the same weights (IDF is a function of the lemma)
    without parsing it."""
    return list(term_weights(text))


def remember_terms(text: str, terms: list[str]) -> None:
    """Seed `term_weights(text)` with lemmas from `claim_terms(text)` computed in another process:
    the same weights in the same order, so the same float sums."""
    _remember(_KNOWN_TERMS, _KNOWN_TERMS_MAX, text, list(terms))


def claim_similarity(a: str, b: str) -> float:
    """Mean of the lexical (`lexical_similarity`) and the sentence-embedding cosine, in [-1, 1].

    Either alone separates same-claim pairs worse on the dev clusters (scripts/eval_cross.py
    --sweep): lemmas miss paraphrases ("go after carried interest" / "eliminate the tax
    treatment of carried interest"), embeddings rate any two claims on one topic high.
    Without the embedding weights it is the lexical similarity alone.
    """
    lex = lexical_similarity(a, b)
    if not dispute_embed.available():
        return lex
    return (lex + dispute_embed.similarity(a, b)) / 2.0


def lexical_similarity(a: str, b: str) -> float:
    """IDF-weighted cosine of the content lemmas of two claim texts, in [0, 1]."""
    wa, wb = term_weights(a), term_weights(b)
    if not wa or not wb:
        return 0.0
    dot = sum(wa[k] * wb[k] for k in wa.keys() & wb.keys())
    na = math.sqrt(sum(v * v for v in wa.values()))
    nb = math.sqrt(sum(v * v for v in wb.values()))
    return dot / (na * nb)


def warm(texts: list[str]) -> None:
    """Batch-encode claim texts before many similarity calls (one forward pass per 32 texts, not per text)."""
    if dispute_embed.available() and texts:
        dispute_embed.embed_many(texts)


def embedding_similarity(a: str, b: str) -> float:
    """Cosine of MiniLM sentence embeddings (`app.nlp.dispute_embed`); lexical similarity if no weights."""
    if not dispute_embed.available():
        return lexical_similarity(a, b)
    return dispute_embed.similarity(a, b)


@lru_cache(maxsize=4096)
def _view(text: str, speaker: str | None, cue: str | None = None) -> ClaimView:
    view = build_view(_parse(text), 0, [(0, len(text))], None, speaker)
    if cue:
        # The reporting words ("denied", "rejected") decide a refutation; they are not in the content.
        view.cue_text = cue
        view.cue_lemmas = set(_cue_lemmas(cue))
    return view


def _conflict(a: ClaimView, b: ClaimView, *, flips: bool = True) -> str | None:
    flip = polarity_flip(a, b) if flips else None
    if flip:
        return f"'{flip}' negated in one claim only"
    ants = antonym_hits(a, b)
    if ants:
        return "opposite words: " + ", ".join(f"{x}/{y}" for x, y in ants[:3])
    return None


def _repetition_conflict(a: ClaimView, b: ClaimView) -> str | None:
    """`_conflict` as `same_claim` needs it: a negation flip only when one claim carries a negation
    and the other none. When both are negated the parser has usually hung the two negations on
    different words ("can't release ... because he is being audited" / "not releasing his
    returns"); the paraphrase is no dispute. Antonyms still conflict."""
    return _conflict(a, b, flips=not (a.negated and b.negated))


def claim_match_score(a: str, b: str, *, same_speaker: bool | None = None) -> float:
    """`claim_similarity` plus `SAME_SPEAKER_BONUS` when one speaker asserts both.

    A loader comparing a new claim with several candidates should keep the one with the
    highest score, and merge when `same_claim` accepts it; ranking by plain similarity
    would pull a speaker's own line into someone else's paraphrase of it.
    """
    bonus = SAME_SPEAKER_BONUS if same_speaker else 0.0
    return claim_similarity(a, b) + bonus


def same_claim(a: str, b: str, *, same_speaker: bool | None = None) -> bool:
    """Do the two texts assert the same proposition?

    Identical normalised text always; else both need `MIN_TERMS` content words
    (`MIN_TERMS_OTHER_SPEAKER` unless one speaker asserts both), `MIN_LEXICAL`, `claim_match_score` >=
    `SAME_CLAIM_THRESHOLD` (so `SAME_CLAIM_THRESHOLD - SAME_SPEAKER_BONUS` for one speaker
    repeating a line, which is paraphrased more loosely), and no conflict (a negation flip in
    one claim only, or antonyms, make a dispute; see `_repetition_conflict`).
    """
    if normalize_claim(a) == normalize_claim(b):
        return True
    n_terms = min(len(term_weights(a)), len(term_weights(b)))
    if n_terms < (MIN_TERMS if same_speaker else MIN_TERMS_OTHER_SPEAKER):
        return False
    if ("?" in a) != ("?" in b):
        # A question ("if that makes him smart, what does he think of you?") asserts no claim.
        return False
    if lexical_similarity(a, b) < MIN_LEXICAL:
        return False
    if claim_match_score(a, b, same_speaker=same_speaker) < SAME_CLAIM_THRESHOLD:
        return False
    return _repetition_conflict(_view(a, None), _view(b, None)) is None


def has_predicate(text: str) -> bool:
    """Does the text assert something (a clause: a verb with its subject), rather than name a topic
    ("the death of X", "carried interest", "Officer Shelby, who shot X": a relative clause only
    describes the noun)?"""
    known = _KNOWN_PREDICATES.get(text)
    if known is None:
        known = any(
            t.pos_ in ("VERB", "AUX")
            and t.dep_ not in ("relcl", "acl")
            and any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in t.children)
            for t in _parse(text)
        )
        remember_predicate(text, known)
    return known


def _same_subject(a: ClaimView, b: ClaimView) -> bool:
    """Across articles two claims on one topic may be about different people or events
    (Scott in Charlotte, Crutcher in Tulsa): they must share a name, or one must name the
    other's speaker ("Mr. Trump is free to disclose ..." answers Trump)."""
    names_a = {t.lemma_.lower() for t in a.tokens if t.pos_ == "PROPN"}
    names_b = {t.lemma_.lower() for t in b.tokens if t.pos_ == "PROPN"}
    if names_a & names_b:
        return True
    return mentions(a, b.speaker_keys) or mentions(b, a.speaker_keys)


def same_story(a: str, b: str, speaker_a: str | None = None, speaker_b: str | None = None) -> bool:
    """Are two claims of different articles about the same people or events (`_same_subject`)?"""
    return _same_subject(_view(a, speaker_a), _view(b, speaker_b))


def _asks(text: str) -> bool:
    """A question or an embedded question asserts nothing that could be contradicted."""
    low = f" {text.lower()} "
    return "?" in text or any(f" {w} " in low for w in ("whether", "how much", "what", "why"))


def cross_dispute(
    a: str,
    b: str,
    *,
    speaker_a: str | None = None,
    speaker_b: str | None = None,
    cue_a: str | None = None,
    cue_b: str | None = None,
) -> DisputeScore | None:
    """Does claim `a` (the responding / later article's) dispute claim `b` of another article?

    The in-article rules minus those that only hold inside one text (see
    `judge_pair(same_article=False)`), plus: a near-paraphrase (lexical similarity
    >= `POLARITY_SIMILARITY`) with a negation flip or antonyms, between different
    speakers, neither of them a question. Speakers, when given, keep one side's
    claims from disputing each other. `cue_a`/`cue_b`: the reporting words of each
    claim's attribution ("denied"), when the caller has them.
    """
    va, vb = _view(a, speaker_a, cue_a), _view(b, speaker_b, cue_b)
    if not _same_subject(va, vb):
        return None
    if speaker_a and speaker_b and same_side(va, vb):
        return None
    decision = judge_pair(va, vb, require_speaker=False, same_article=False)
    if decision is not None and decision.method == "refutation":
        return DisputeScore(decision.confidence, decision.method, decision.cue, decision.evidence)
    # Symmetric conflicts (negation flip, antonyms) from here on.
    if _asks(a) or _asks(b):
        return None
    if decision is not None:
        return DisputeScore(decision.confidence, decision.method, decision.cue, decision.evidence)
    sim = lexical_similarity(a, b)
    if sim >= POLARITY_SIMILARITY:
        conflict = _conflict(va, vb)
        if conflict:
            return DisputeScore(0.55, "polarity", None, f"{conflict}; similarity {sim:.2f}")
    return None


def candidate_query_terms(text: str, max_terms: int = 8) -> str:
    """The claim's most specific words, OR-ed, for a Lucene full-text index query.

    Content words ranked by the IDF of their lemma; each gives its lemma and, when
    different, its surface form ("paying OR pay"), so an index with a plain
    analyzer still finds inflected forms. Lucene special characters are dropped,
    so the string is safe to pass as the query parameter.
    """
    idf, unseen = _idf()
    forms: dict[str, set[str]] = {}
    for t in _parse(text):
        lemma = t.lemma_.lower()
        if t.is_punct or t.is_space or t.is_stop or len(t.text) < 2:
            continue
        if t.pos_ not in _CONTENT_POS and not t.like_num:
            continue
        forms.setdefault(lemma, set()).update({lemma, t.lower_})
    ranked = sorted(forms, key=lambda w: (-idf.get(w, unseen), w))[:max_terms]
    out: list[str] = []
    for lemma in ranked:
        for form in sorted(forms[lemma]):
            clean = _LUCENE_SPECIAL.sub(" ", form).strip()
            if clean and " " not in clean and clean not in out:
                out.append(clean)
    return " OR ".join(out)
