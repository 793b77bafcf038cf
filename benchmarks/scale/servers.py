"""axisdb and the baseline app under gunicorn (2 sync workers each), and their workers' memory."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.run import ROOT

WORKERS = 2
#: The README's production command's worker timeout: a response that takes longer (a whole-list CSV)
#: is cut off when the worker is killed. BENCH_GUNICORN_TIMEOUT changes it (30 is gunicorn's default).
DEFAULT_TIMEOUT = 120


def production_environment(database_url: str) -> dict[str, str]:
    """axisdb's settings as in production, except TLS (plain HTTP on the loopback) and throttling (lifted)."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "axisdb.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "AXISDB_API_ANON_RATE": "1000000/second",
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    app: str
    env: dict[str, str]
    timeout: int
    port: int = 0
    process: subprocess.Popen | None = None
    log: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix=f"axisdb-scale-{self.name}-", suffix=".log")[1])
        command = [
            sys.executable, "-m", "gunicorn", self.app,
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS), "--timeout", str(self.timeout),
            "--no-control-socket", "--error-logfile", "-",
        ]  # fmt: skip
        with self.log.open("w") as log:
            # Its own session, so that stopping it ends exactly its master and workers.
            self.process = subprocess.Popen(
                command, cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.wait_ready()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log else ""

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 120):
        """One GET: (status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_ready(self, seconds: float = 90) -> None:
        """Until /healthz answers 200 and every worker is up (after a start, or a worker killed on timeout)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} server exited:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if len(self.worker_pids()) >= WORKERS and self.get("/healthz", timeout=10)[0] == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} server not ready after {seconds} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
            return [int(pid) for pid in text.split()]
        except OSError:  # a kernel without the children file: scan /proc for the master's children
            pids = []
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    with contextlib.suppress(OSError, IndexError):
                        stat = (entry / "stat").read_text()
                        if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                            pids.append(int(entry.name))
            return pids

    def stop(self) -> None:
        stop_process_group(self.process)


def stop_process_group(process: subprocess.Popen | None) -> None:
    """SIGTERM to a server started in a process group of its own, SIGKILL after 20 s; nothing if it has ended."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB: its resident memory now and at its peak; (0, 0) once it is gone."""
    values = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


@contextlib.contextmanager
def running(database_url: str, timeout: int) -> Iterator[tuple[Server, Server]]:
    """axisdb and the baseline app, started and stopped together."""
    axisdb = Server("axisdb", "axisdb.wsgi:application", production_environment(database_url), timeout)
    baseline = Server("baseline", "benchmarks.baseline_app:app", {"DATABASE_URL": database_url}, timeout)
    try:
        axisdb.start()
        baseline.start()
        yield axisdb, baseline
    finally:
        for server in (axisdb, baseline):
            server.stop()
            if server.log:
                server.log.unlink(missing_ok=True)
