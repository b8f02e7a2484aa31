"""Claim features: what resolution needs of each attribution, computed beside the extraction."""

from __future__ import annotations

from app.nlp.models import Extraction
from app.resolution.judge import refutes_uncached
from app.resolution.models import ClaimFeatures

# Contents with fewer content words ("taxes") are fragments that match everything on their topic;
# they are not searched (identical text still shares one Claim by id). Two words ("That makes me
# smart") are enough for a repetition (claims.MIN_TERMS).
MIN_SEARCH_TERMS = 2


def claim_features(extraction: Extraction) -> list[ClaimFeatures]:
    """ClaimFeatures of every attribution, computed with the functions the resolver would call."""
    from app.nlp import claims as cl

    texts = [extraction.span_text(a.content).strip() for a in extraction.attributions]
    cues = [extraction.span_text(a.cue, sep=" ") for a in extraction.attributions]
    cl.parse_many(texts + [c for c in cues if c])
    out = []
    for text, cue in zip(texts, cues, strict=True):
        terms = cl.claim_terms(text)
        query = cl.candidate_query_terms(text) if len(terms) >= MIN_SEARCH_TERMS else ""
        out.append(
            ClaimFeatures(
                text=text,
                cue=cue,
                terms=terms,
                query=query,
                refutes=refutes_uncached(text, cue),
                doc=cl.doc_bytes(text),
                cue_lemmas=cl.cue_lemmas(cue) if cue else None,
                predicate=cl.has_predicate(text),
            )
        )
    return out


def searched_queries(features: list[ClaimFeatures]) -> dict[int, str]:
    """Attribution index -> full-text query, for the claims that are searched for candidates."""
    return {k: f.query for k, f in enumerate(features) if len(f.terms) >= MIN_SEARCH_TERMS and f.query}
