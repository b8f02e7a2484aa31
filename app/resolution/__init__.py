"""Cross-article resolution: gather candidates (graph/), decide (pure, over an explicit state and an
injected claim-pair judge), write (one transaction under the resolver lock). See docs/cross-article.md."""

from app.resolution.decide import Resolved, decide
from app.resolution.judge import ClaimJudge, LexicalJudge, Pair, Side
from app.resolution.models import ClaimFeatures, PreparedArticle
from app.resolution.owner import Loaded, Resolver

__all__ = [
    "ClaimFeatures",
    "ClaimJudge",
    "LexicalJudge",
    "Loaded",
    "Pair",
    "PreparedArticle",
    "Resolved",
    "Resolver",
    "Side",
    "decide",
]
