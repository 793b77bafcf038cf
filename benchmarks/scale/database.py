"""The throwaway database: created on the configured server, migrated, and always dropped."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator

from benchmarks.run import ROOT, configured_server_url, create_database, drop_database, with_database_name


@contextlib.contextmanager
def throwaway_database(name: str) -> Iterator[str]:
    """Create ``name`` on the configured server (DATABASE_URL, else the embedded one) and yield its URL.

    The database is dropped on the way out, whatever happened (errors, Ctrl-C, SIGTERM
    turned into SystemExit by the caller); open connections to it are ended by the drop.
    """
    server_url = configured_server_url()
    create_database(server_url, name)
    try:
        yield with_database_name(server_url, name)
    finally:
        drop_database(server_url, name)
        print(f"dropped database {name}", flush=True)


def database_exists(name: str) -> bool:
    """Whether a database called ``name`` exists on the configured server (the smoke test asks)."""
    from benchmarks.run import maintenance_connection

    with maintenance_connection(configured_server_url()) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def manage(url: str, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``manage.py`` against the database at ``url`` in a child process; raise with its output if it fails."""
    child_env = {**os.environ, **(env or {}), "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "axisdb.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=child_env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result
