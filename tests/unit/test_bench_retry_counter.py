"""benchmarks.common.RetryCounter counts the driver's retry warnings — and never blocks the loader.

It once replaced logging.Handler's own RLock with a plain Lock and took it again inside emit(), so the
first retry warning deadlocked the process that logged it (the 'stalled' concurrent loaders).
"""

from __future__ import annotations

import logging
import threading

from benchmarks.common import RetryCounter


def test_retry_warnings_are_counted_without_blocking() -> None:
    counter = RetryCounter().install()
    logger = logging.getLogger("neo4j.pool")
    try:

        def log_retries() -> None:
            logger.warning(
                "Transaction failed and will be retried in 0.9s "
                "({code: Neo.TransientError.Transaction.DeadlockDetected} {message: ...})"
            )
            logger.warning("Transaction failed and will be retried in 1.8s (LockClient stopped)")
            logger.warning("Transaction failed and will be retried in 2.1s (connection reset)")
            logger.warning("unrelated warning")

        t = threading.Thread(target=log_retries, daemon=True)
        t.start()
        t.join(timeout=10)
        assert not t.is_alive(), "RetryCounter blocked the logging thread"
        assert counter.by_kind == {"DeadlockDetected": 1, "LockClient": 1, "other": 1}
        assert counter.total == 3
    finally:
        logging.getLogger("neo4j").removeHandler(counter)
