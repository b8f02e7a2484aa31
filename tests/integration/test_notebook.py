"""Execute examples/claimgraph_tour.ipynb top to bottom against the running stack.

The stack here is the real one: `claimgraph serve` in a subprocess (its schema check included) on a
free loopback port, over the Neo4j the integration suite runs against.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import nbformat
import neo4j
import pytest
from nbclient import NotebookClient

from app.settings import PROJECT_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(420)]

NOTEBOOK = PROJECT_ROOT / "examples" / "claimgraph_tour.ipynb"
KEY = "notebook-test-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served_api(neo4j_driver: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, "CLAIMGRAPH_API_KEYS": KEY}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"claimgraph serve exited {proc.returncode}: {log_path.read_text()}")
                try:
                    if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"API not ready in 60 s: {log_path.read_text()}")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_notebook_runs_top_to_bottom(
    served_api: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figure = tmp_path / "seed-dispute-network.png"
    # The kernel inherits this process's environment.
    monkeypatch.setenv("CLAIMGRAPH_API_URL", served_api)
    monkeypatch.setenv("CLAIMGRAPH_API_KEY", KEY)
    monkeypatch.setenv("CLAIMGRAPH_FIGURE", str(figure))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()

    outputs = "\n".join(
        o.get("text", "") for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
    )
    assert "API ready at" in outputs
    assert figure.stat().st_size > 10_000
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    opponents_html = "".join(
        str(o.get("data", {}).get("text/plain", "")) for o in nb.cells[5].get("outputs", [])
    )
    assert "Robert Palladino" in opponents_html
    assert "DISPUTES" in outputs and " 1 DISPUTES" in outputs
