"""The one owner of resolution state in a process, and the one serialised load path.

`Resolver` is built once per process (the API's lifespan puts it on `app.state.resolver`; each CLI
command builds its own) and holds the claim-pair judge with its caches. `Resolver.load` reads the
candidates, decides and writes one article inside ONE write transaction that first takes the resolver
lock held in the graph (graph.writer.resolve_in_lock). So whatever the number of API workers and CLI
runs, resolutions happen one after another, each seeing everything committed before it: the graph is
that of some sequential load. The same transaction re-checks "already loaded?" (content hash, URL),
so one text posted at once under several ids is one Article. A crashed holder never blocks writes:
the server rolls its transaction back when the connection drops, and RESOLVE_TX_TIMEOUT bounds a
stuck one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.resolution.decide import Resolved, decide
from app.resolution.features import claim_features
from app.resolution.gather import gather
from app.resolution.judge import ClaimJudge, LexicalJudge
from app.resolution.models import ClaimFeatures, PreparedArticle

if TYPE_CHECKING:
    import neo4j

    from graph.writer import ArticleRows

# Seconds one article's transaction may last, waiting for the lock included, before the server aborts
# it: bounds how long a stuck holder blocks the others. Resolving one article takes well under 10 s on
# the shared 2-core machine and ~15 s under heavy load, so 8 concurrent posts wait about 2 minutes.
RESOLVE_TX_TIMEOUT = 600.0


@dataclass(frozen=True)
class Loaded:
    """What `Resolver.load` did: wrote the article (resolved, rows), or found it already there."""

    article_id: str
    created: bool
    resolved: Resolved | None = None
    rows: ArticleRows | None = None


class Resolver:
    """Resolution state of one process: the judge (and what it caches). No module state anywhere."""

    def __init__(self, judge: ClaimJudge | None = None) -> None:
        self.judge: ClaimJudge = judge if judge is not None else LexicalJudge()

    def features(self, prepared: PreparedArticle) -> list[ClaimFeatures]:
        """The article's claim features (computed by the extraction workers, else here), taught to
        the judge so it need not parse these texts again, now or when they come back as candidates."""
        features = prepared.features
        if features is None or len(features) != len(prepared.extraction.attributions):
            features = claim_features(prepared.extraction)
        self.judge.learn(features)
        return features

    def decide(self, tx: neo4j.ManagedTransaction, prepared: PreparedArticle) -> Resolved:
        """Gather in `tx`, then decide (one BLAS thread: OpenBLAS's pool beside the spaCy worker
        processes made the numpy work ~20x slower on a busy host)."""
        from threadpoolctl import threadpool_limits

        features = self.features(prepared)
        candidates = gather(tx, prepared, features)
        with threadpool_limits(limits=1, user_api="blas"):
            return decide(prepared, features, candidates, self.judge)

    def resolve(self, driver: neo4j.Driver, prepared: PreparedArticle) -> Resolved:
        """Decisions only, against the graph as it is (a read transaction; no lock): for tools that
        write themselves (scripts/eval_graph_resolve.py, tests)."""
        from graph import db

        return db.read(driver, lambda tx: self.decide(tx, prepared))

    def load(self, driver: neo4j.Driver, prepared: PreparedArticle) -> Loaded:
        """Resolve and write one article under the resolver lock, unless it is already in the graph."""
        from graph import reader, writer

        art = prepared.article

        def work(tx: neo4j.ManagedTransaction) -> Loaded:
            found = reader.find_article_id_tx(tx, content_hash=prepared.content_hash, url=art.url)
            if found is not None:
                return Loaded(article_id=found, created=False)
            resolved = self.decide(tx, prepared)
            rows = writer.build_rows(art, prepared.extraction, resolved.resolution)
            writer.write_rows(tx, rows)
            return Loaded(article_id=rows.article_id, created=True, resolved=resolved, rows=rows)

        return writer.resolve_in_lock(driver, work, timeout=RESOLVE_TX_TIMEOUT)
