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
def api_env(neo4j_driver: neo4j.Driver) -> dict[str, str]:
    """The settings both the server and the notebook read: one source for host, port and key."""
    return {"CLAIMGRAPH_HOST": "127.0.0.1", "CLAIMGRAPH_PORT": str(free_port()), "CLAIMGRAPH_API_KEYS": KEY}


@pytest.fixture(scope="module")
def served_api(api_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, **api_env}
    with log_path.open("wb") as log:
        # No --host/--port: `claimgraph serve` binds where the settings say, as scripts/up.sh relies on.
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{api_env['CLAIMGRAPH_PORT']}"
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
    served_api: str, api_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kernel inherits this process's environment: the same settings the server was started with.
    for name, value in api_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    examples_before = sorted(p.name for p in NOTEBOOK.parent.iterdir())
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()

    outputs = "\n".join(
        o.get("text", "") for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
    )
    assert f"API ready at {served_api}" in outputs
    assert sorted(p.name for p in NOTEBOOK.parent.iterdir()) == examples_before, "files written to examples/"
    figure = Path(outputs.rsplit(" -> ", 1)[1].split()[0])
    assert NOTEBOOK.parent not in figure.parents
    assert figure.stat().st_size > 10_000
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    opponents_html = "".join(
        str(o.get("data", {}).get("text/plain", "")) for o in nb.cells[5].get("outputs", [])
    )
    assert "Robert Palladino" in opponents_html
    assert "DISPUTES" in outputs and " 1 DISPUTES" in outputs
    # cue and quote_type come from REPORTS: no empty column (they were empty when read from ASSERTS).
    claims_table = "".join(
        str(o.get("data", {}).get("text/plain", "")) for o in nb.cells[8].get("outputs", [])
    )
    assert "said" in claims_table and ("direct" in claims_table or "indirect" in claims_table)
