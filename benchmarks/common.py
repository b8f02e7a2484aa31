"""Shared helpers for the hand-run benchmarks: machine facts, statistics, process memory, retries."""

from __future__ import annotations

import logging
import os
import platform
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Server notifications (deprecated syntax in some queries) would drown the figures.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

EVAL_DATA = ROOT.parent / "shared" / "eval" / "data"
CACHE = ROOT / "benchmarks" / "out"  # git-ignored


def machine_info() -> str:
    """nproc, CPU model, memory (free -h), Python, Neo4j driver: printed at the top of every benchmark."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        free = "(free not available)"
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "?"
    return (
        f"nproc: {os.cpu_count()}  cpu: {model}\n"
        f"python {platform.python_version()} on {platform.platform()}  loadavg: {load}\n{free}"
    )


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def peak_rss_mib(pid: int) -> float | None:
    """Peak resident set (VmHWM) of a live process, in MiB; None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def neo4j_pid(bolt_port: int = 7687) -> int | None:
    """The pid of the process listening on the Bolt port (the Neo4j JVM)."""
    import psutil

    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == bolt_port and conn.pid:
            return int(conn.pid)
    return None


class RetryCounter(logging.Handler):
    """Counts the driver's 'Transaction failed and will be retried' warnings, by error code."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.by_kind: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if "will be retried" not in msg:
            return
        kind = "DeadlockDetected" if "Deadlock" in msg else ("LockClient" if "Lock" in msg else "other")
        # No lock of our own: Handler.handle() already holds self.lock (an RLock) around emit(). A plain
        # Lock assigned to self.lock here once made the first retry warning deadlock the loader against
        # itself — the "stalled" concurrent loaders of RESULTS.md §4.
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def install(self) -> RetryCounter:
        logger = logging.getLogger("neo4j")
        logger.addHandler(self)
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
        return self


def table(rows: list[list[str]], header: list[str]) -> str:
    """A GitHub-markdown table."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)
