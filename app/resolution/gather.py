"""Gather: one batched read of everything resolution needs for one article (graph.reader)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.resolution.features import searched_queries
from app.resolution.models import ClaimFeatures, PreparedArticle
from app.resolution.rules import linkable
from graph import ids
from graph.models import CandidateSet

if TYPE_CHECKING:
    import neo4j

# Full-text hits examined per attribution. The query is the claim's most specific words
# (claims.candidate_query_terms), so paraphrases rank high, but BM25 favours short claims: on dev
# Trump's "can't release because he is being audited" ranked 9th for its paraphrase "the audit as the
# reason he's not releasing his returns". 12 reaches it; candidates below the judge's lexical bar cost
# no encoder call, and no new cross-article dispute came with them.
CLAIM_CANDIDATES = 12
SPEAKER_CANDIDATES = 5


def gather(
    tx: neo4j.ManagedTransaction, prepared: PreparedArticle, features: list[ClaimFeatures]
) -> CandidateSet:
    """Candidates for the article's linkable speakers and searched claims, in the caller's transaction
    (so a writer can read and write under one lock). Candidates depend on the graph as it was before
    this article, never on the decisions taken for it."""
    from graph import reader

    aid = ids.article_id(external_id=prepared.article.id, text_hash=prepared.content_hash)
    return reader.gather_candidates(
        tx,
        speaker_names=[sp.name for sp in prepared.extraction.speakers if linkable(sp.kind)],
        claim_queries=searched_queries(features),
        exclude_article_id=aid,
        speaker_limit=SPEAKER_CANDIDATES,
        claim_limit=CLAIM_CANDIDATES,
    )
