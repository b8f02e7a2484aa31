"""The local Neo4j Community server: resolve its jars with Maven, start, stop, status.

No Docker engine and no OS package of Neo4j is available here, but its jars are on Maven Central.
`graph/neo4j-server/pom.xml` lists the server (kernel, Cypher, Bolt, HTTP, Browser);
`mvn dependency:copy-dependencies` lays them out as `$NEO4J_HOME/lib`, the shape of the official
tarball, and the server is launched the way the official `bin/neo4j` does it: the bootloader
`org.neo4j.server.startup.Neo4jCommand console` with NEO4J_HOME / NEO4J_CONF set and JAVA_OPTS
unset (the bootloader would otherwise hand JAVA_OPTS to the server instead of the conf's memory
settings and `server.jvm.additional` flags). The bootloader forks the server JVM and forwards
SIGTERM to it, so stopping the bootloader stops the server cleanly.

Everything lives under `settings.neo4j_home` (git-ignored `var/neo4j`): lib/, conf/, data/, logs/,
run/. When `settings.neo4j_uri` names a non-local host, none of this is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as nx

from app.settings import Settings

log = logging.getLogger(__name__)

SERVER_DIR = Path(__file__).resolve().parent / "neo4j-server"
POM = SERVER_DIR / "pom.xml"
CONF_TEMPLATE = SERVER_DIR / "neo4j.conf.template"

BOOTLOADER_CLASS = "org.neo4j.server.startup.Neo4jCommand"
ADMIN_CLASS = "org.neo4j.server.startup.Neo4jAdminCommand"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Written into lib/ after a complete copy; names the pom digest the jars came from.
RESOLVED_STAMP = ".claimgraph-resolved"
PID_FILE_NAME = "claimgraph-neo4j.pid"
CONSOLE_LOG_NAME = "console.log"


class Neo4jServerError(RuntimeError):
    """The local server could not be resolved, started or stopped; the message says why."""


@dataclass(frozen=True)
class Layout:
    """Paths under NEO4J_HOME."""

    home: Path

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def lib_dir(self) -> Path:
        return self.home / "lib"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / PID_FILE_NAME

    @property
    def console_log(self) -> Path:
        return self.logs_dir / CONSOLE_LOG_NAME

    @property
    def maven_log(self) -> Path:
        return self.logs_dir / "maven.log"


@dataclass(frozen=True)
class ServerStatus:
    external: bool
    running: bool
    bolt_uri: str
    http_uri: str | None
    pid: int | None = None
    version: str | None = None
    edition: str | None = None
    home: Path | None = None
    detail: str = ""

    def describe(self) -> str:
        if self.external:
            state = f"external server (configured CLAIMGRAPH_NEO4J_URI); {self.detail}".rstrip("; ")
            return f"Neo4j at {self.bolt_uri}: {state}"
        if not self.running:
            return f"Neo4j (local, home {self.home}) is not running. {self.detail}".rstrip()
        lines = [
            f"Neo4j {self.version or '?'} {self.edition or ''} running, pid {self.pid}".replace("  ", " "),
            f"  bolt:    {self.bolt_uri}",
            f"  browser: {self.http_uri}/browser/",
            f"  home:    {self.home}",
        ]
        if self.detail:
            lines.append(f"  note:    {self.detail}")
        return "\n".join(lines)


def layout(settings: Settings) -> Layout:
    return Layout(Path(settings.neo4j_home).resolve())


def is_external(settings: Settings) -> bool:
    """True when the configured URI names another host (Aura, a docker container, ...)."""
    host = urlsplit(settings.neo4j_uri).hostname or ""
    return host not in LOCAL_HOSTS


def http_uri(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.neo4j_http_port}"


def render_conf(settings: Settings, template: str | None = None) -> str:
    """neo4j.conf for this checkout; an unknown placeholder in the template is an error, not a blank."""
    text = CONF_TEMPLATE.read_text(encoding="utf-8") if template is None else template
    values = {
        "home": str(layout(settings).home),
        "heap": settings.neo4j_heap,
        "pagecache": settings.neo4j_pagecache,
        "bolt_port": str(settings.neo4j_bolt_port),
        "http_port": str(settings.neo4j_http_port),
    }
    try:
        return Template(text).substitute(values)
    except (KeyError, ValueError) as exc:
        raise Neo4jServerError(f"{CONF_TEMPLATE.name}: unknown or malformed placeholder {exc}") from exc


def java_executable() -> str:
    """JAVA_HOME's java if set (CI may point it at another JDK), else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise Neo4jServerError("no `java` on PATH and JAVA_HOME is unset: install a JDK 17+")
    return found


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def is_resolved(settings: Settings) -> bool:
    stamp = layout(settings).lib_dir / RESOLVED_STAMP
    return stamp.exists() and stamp.read_text(encoding="utf-8").strip() == _pom_digest()


def resolve(settings: Settings, *, force: bool = False) -> Path:
    """Copy the server's jars from Maven (via ~/.m2) into NEO4J_HOME/lib; a no-op when up to date.

    Copies into a fresh folder and swaps it in, so an interrupted resolve never leaves a lib/ that
    mixes two versions or lacks jars.
    """
    lay = layout(settings)
    if not force and is_resolved(settings):
        return lay.lib_dir
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError("Maven (`mvn`) is not on PATH; it is needed once to fetch the Neo4j jars")
    lay.logs_dir.mkdir(parents=True, exist_ok=True)
    staging = lay.home / "lib.new"
    shutil.rmtree(staging, ignore_errors=True)
    cmd = [
        mvn,
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={staging}",
    ]
    log.info("resolving Neo4j jars with Maven (first time: downloads into ~/.m2)")
    started = time.monotonic()
    with lay.maven_log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False
        )
    if proc.returncode != 0:
        raise Neo4jServerError(
            f"Maven could not resolve the Neo4j server (exit {proc.returncode}); "
            f"see {lay.maven_log}:\n{tail(lay.maven_log, 25)}"
        )
    (staging / RESOLVED_STAMP).write_text(_pom_digest() + "\n", encoding="utf-8")
    old = lay.home / "lib.old"
    shutil.rmtree(old, ignore_errors=True)
    if lay.lib_dir.exists():
        lay.lib_dir.rename(old)
    staging.rename(lay.lib_dir)
    shutil.rmtree(old, ignore_errors=True)
    log.info("resolved %d jars in %.1fs", len(list(lay.lib_dir.glob("*.jar"))), time.monotonic() - started)
    return lay.lib_dir


def installed_version(settings: Settings) -> str | None:
    """The Neo4j version of the jars in lib/, from the kernel jar's file name."""
    jars = sorted(layout(settings).lib_dir.glob("neo4j-kernel-*.jar"))
    if not jars:
        return None
    return jars[0].name.removeprefix("neo4j-kernel-").removesuffix(".jar")


def tail(path: Path, lines: int = 30) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 64 * 1024))
            data = fh.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return f"({path} does not exist)"
    return "\n".join(data.splitlines()[-lines:])


def _recorded_pids(settings: Settings) -> list[int]:
    """Pids in the pid file: the bootloader's, then (once Bolt answered) the server JVM's."""
    try:
        return [int(x) for x in layout(settings).pid_file.read_text(encoding="utf-8").split()]
    except (FileNotFoundError, ValueError):
        return []


def _ours(pid: int, home: Path) -> bool:
    """A live process whose command line names this NEO4J_HOME (guards against a reused pid)."""
    if not _alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return str(home) in cmdline and "org.neo4j" in cmdline


def read_pid(settings: Settings) -> int | None:
    """The pid to signal: the bootloader if alive, else an orphaned server JVM, else None.

    A pid file naming no live process of this NEO4J_HOME is stale and removed.
    """
    home = layout(settings).home
    for pid in _recorded_pids(settings):
        if _ours(pid, home):
            return pid
    layout(settings).pid_file.unlink(missing_ok=True)
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _children(pid: int) -> list[int]:
    """Direct children of pid (the server JVM the bootloader forked), from /proc."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        return sock.connect_ex((host, port)) == 0


def _bolt_uri(settings: Settings) -> str:
    return f"bolt://127.0.0.1:{settings.neo4j_bolt_port}"


def query_server(settings: Settings, uri: str | None = None, timeout: float = 5.0) -> tuple[str, str]:
    """(version, edition) from `CALL dbms.components()`; raises the driver's exceptions."""
    driver = neo4j.GraphDatabase.driver(
        uri or settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=timeout,
    )
    # A plain session, not execute_query: its retries with back-off would add seconds to each poll.
    with driver, driver.session(database="system") as session:
        record = session.run(
            "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition"
        ).single(strict=True)
    return str(record["version"]), str(record["edition"])


def _write_conf(settings: Settings) -> None:
    lay = layout(settings)
    dirs = (lay.conf_dir, lay.logs_dir, lay.run_dir, lay.data_dir, lay.home / "plugins", lay.home / "import")
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
    lay.conf_file.write_text(render_conf(settings), encoding="utf-8")


def _env(settings: Settings) -> dict[str, str]:
    lay = layout(settings)
    env = {k: v for k, v in os.environ.items() if k not in {"JAVA_OPTS", "NEO4J_HOME", "NEO4J_CONF"}}
    env["NEO4J_HOME"] = str(lay.home)
    env["NEO4J_CONF"] = str(lay.conf_dir)
    return env


def _java_cmd(settings: Settings, main_class: str, *args: str) -> list[str]:
    lay = layout(settings)
    # The bootloader only parses the conf and forks the server; it needs little heap.
    return [
        java_executable(),
        "-Xmx128m",
        "-cp",
        f"{lay.lib_dir}/*",
        f"-Dbasedir={lay.home}",
        main_class,
        *args,
    ]


def _set_initial_password(settings: Settings) -> None:
    """`neo4j-admin dbms set-initial-password`, effective only before the first start."""
    if len(settings.neo4j_password) < 8:
        raise Neo4jServerError("CLAIMGRAPH_NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)")
    lay = layout(settings)
    proc = subprocess.run(
        _java_cmd(settings, ADMIN_CLASS, "dbms", "set-initial-password", settings.neo4j_password),
        env=_env(settings),
        cwd=lay.home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if proc.returncode != 0:
        raise Neo4jServerError(
            f"neo4j-admin dbms set-initial-password failed (exit {proc.returncode}):\n"
            f"{(proc.stdout + proc.stderr)[-3000:]}"
        )
    log.info("initial password set for user neo4j")


def _first_start(settings: Settings) -> bool:
    return not (layout(settings).data_dir / "databases" / "system").exists()


def start(settings: Settings, *, timeout: float = 180.0) -> ServerStatus:
    """Start the local server in the background and wait until Bolt answers the Python driver.

    Idempotent: a server this checkout already runs is reported, not started twice.
    """
    if is_external(settings):
        return status(settings)
    lay = layout(settings)
    bolt = _bolt_uri(settings)
    uri_port = urlsplit(settings.neo4j_uri).port or 7687
    if uri_port != settings.neo4j_bolt_port:
        raise Neo4jServerError(
            f"CLAIMGRAPH_NEO4J_URI ({settings.neo4j_uri}) and CLAIMGRAPH_NEO4J_BOLT_PORT "
            f"({settings.neo4j_bolt_port}) disagree: the app would not reach the server started here"
        )
    if read_pid(settings) is not None:
        log.info("already running")
        return _wait_ready(settings, read_pid(settings), deadline=time.monotonic() + timeout, proc=None)
    for port in (settings.neo4j_bolt_port, settings.neo4j_http_port):
        if port_open(port):
            raise Neo4jServerError(
                f"port {port} on 127.0.0.1 is already in use by a process this checkout did not start "
                f"(another Neo4j?). Stop it, or set CLAIMGRAPH_NEO4J_BOLT_PORT / CLAIMGRAPH_NEO4J_HTTP_PORT "
                "and CLAIMGRAPH_NEO4J_URI to other ports."
            )
    resolve(settings)
    _write_conf(settings)
    if _first_start(settings):
        _set_initial_password(settings)
    with lay.console_log.open("ab") as out:
        out.write(f"\n=== claimgraph neo4j start {time.strftime('%Y-%m-%dT%H:%M:%S')} ===\n".encode())
        out.flush()
        # A session of its own: the server outlives this CLI process and a Ctrl-C in its terminal.
        proc = subprocess.Popen(
            _java_cmd(settings, BOOTLOADER_CLASS, "console"),
            env=_env(settings),
            cwd=lay.home,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    lay.pid_file.write_text(f"{proc.pid}\n", encoding="utf-8")
    log.info("started bootloader pid %d; waiting for %s", proc.pid, bolt)
    try:
        ready = _wait_ready(settings, proc.pid, deadline=time.monotonic() + timeout, proc=proc)
    except Neo4jServerError:
        _terminate(settings, proc.pid, grace=30.0)
        raise
    # Record the server JVM too, so `stop` can still reach it if the bootloader is ever killed alone.
    lay.pid_file.write_text("".join(f"{p}\n" for p in [proc.pid, *_children(proc.pid)]), encoding="utf-8")
    return ready


def _wait_ready(
    settings: Settings, pid: int | None, *, deadline: float, proc: subprocess.Popen[bytes] | None
) -> ServerStatus:
    lay = layout(settings)
    bolt = _bolt_uri(settings)
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        exited = proc.poll() is not None if proc is not None else (pid is None or not _alive(pid))
        if exited:
            lay.pid_file.unlink(missing_ok=True)
            raise Neo4jServerError(
                f"Neo4j exited during start-up; last lines of {lay.console_log}:\n{tail(lay.console_log)}"
            )
        try:
            version, edition = query_server(settings, uri=bolt, timeout=3.0)
        except nx.AuthError as exc:
            reason = (exc.message or "authentication failed").rstrip(".")
            raise Neo4jServerError(
                f"Neo4j at {bolt} is up but refused user {settings.neo4j_user!r} ({reason}). The data in "
                f"{lay.data_dir} was created with another password: set CLAIMGRAPH_NEO4J_PASSWORD to it, "
                f"or delete {lay.data_dir} (with the server stopped) to start empty."
            ) from exc
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as exc:
            last_error = str(exc)
            time.sleep(0.5)
            continue
        except nx.Neo4jError as exc:
            # e.g. the system database still starting: keep waiting.
            last_error = f"{exc.code}: {exc.message}"
            time.sleep(0.5)
            continue
        return ServerStatus(
            external=False,
            running=True,
            bolt_uri=bolt,
            http_uri=http_uri(settings),
            pid=pid,
            version=version,
            edition=edition,
            home=lay.home,
        )
    raise Neo4jServerError(
        f"Neo4j did not answer on {bolt} in time (last error: {last_error}); "
        f"last lines of {lay.console_log}:\n{tail(lay.console_log)}"
    )


def _terminate(settings: Settings, pid: int, *, grace: float) -> bool:
    """SIGTERM the bootloader (it forwards to the server) and wait; SIGKILL both after `grace` s."""
    home = layout(settings).home
    recorded = (p for p in _recorded_pids(settings) if p != pid and _ours(p, home))
    children = sorted({*_children(pid), *recorded})
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    clean = True
    while time.monotonic() < deadline and (_alive(pid) or any(_alive(c) for c in children)):
        time.sleep(0.25)
    for p in [*children, pid]:
        if _alive(p):
            clean = False
            log.warning("pid %d did not stop within %.0fs; killing it", p, grace)
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)
    # Reap the bootloader if this process started it (start() failing), so no zombie remains.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    layout(settings).pid_file.unlink(missing_ok=True)
    return clean


def stop(settings: Settings, *, timeout: float = 90.0) -> str:
    """Stop the server this checkout started; a no-op (with a message) when none runs."""
    if is_external(settings):
        return f"external server {settings.neo4j_uri} is configured; nothing to stop"
    pid = read_pid(settings)
    if pid is None:
        return "Neo4j (local) is not running"
    started = time.monotonic()
    clean = _terminate(settings, pid, grace=timeout)
    took = time.monotonic() - started
    if not clean:
        return f"Neo4j (pid {pid}) did not stop within {timeout:.0f}s and was killed"
    return f"Neo4j (pid {pid}) stopped in {took:.1f}s"


def status(settings: Settings) -> ServerStatus:
    if is_external(settings):
        try:
            ext_version, ext_edition = query_server(settings)
            detail, reachable = f"reachable, Neo4j {ext_version} {ext_edition}", True
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            detail, reachable = f"not reachable: {exc}", False
        return ServerStatus(
            external=True, running=reachable, bolt_uri=settings.neo4j_uri, http_uri=None, detail=detail
        )
    lay = layout(settings)
    pid = read_pid(settings)
    bolt = _bolt_uri(settings)
    if pid is None:
        detail = ""
        if port_open(settings.neo4j_bolt_port):
            detail = f"(port {settings.neo4j_bolt_port} is in use by a server this checkout did not start)"
        return ServerStatus(
            external=False,
            running=False,
            bolt_uri=bolt,
            http_uri=http_uri(settings),
            home=lay.home,
            detail=detail,
        )
    version: str | None = installed_version(settings)
    edition: str | None = None
    detail = ""
    try:
        version, edition = query_server(settings, uri=bolt, timeout=3.0)
    except (nx.Neo4jError, nx.DriverError, OSError) as exc:
        detail = f"process is up but Bolt does not answer yet: {exc}"
    return ServerStatus(
        external=False,
        running=True,
        bolt_uri=bolt,
        http_uri=http_uri(settings),
        pid=pid,
        version=version,
        edition=edition,
        home=lay.home,
        detail=detail,
    )
