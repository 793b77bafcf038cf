"""Running the project in a child process: manage.py commands, gunicorn, with chosen settings."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def current_database_url() -> str:
    """A DATABASE_URL for the database this test process is using."""
    s = connection.settings_dict
    auth = f"{quote(s['USER'] or '', safe='')}:{quote(s['PASSWORD'] or '', safe='')}"
    if s["HOST"]:
        return f"postgresql://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"postgresql://{auth}@/{s['NAME']}?host={quote(s['OPTIONS']['host'])}"


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, a strong key, one host."""
    # Not the test process's own switches (the browser tests allow async-unsafe ORM calls).
    inherited = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "example.org,127.0.0.1",
            "DATABASE_URL": current_database_url(),
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str] | None = None, check: bool = False, timeout: int = 180):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env if env is not None else dict(os.environ),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn serving axisdb.wsgi, as the README's production command does."""

    def __init__(self, env: dict[str, str]):
        # gunicorn itself believes X-Forwarded-Proto from 127.0.0.1; the tests connect
        # from there but stand for clients on other hosts, so it believes no one.
        self.env = {"FORWARDED_ALLOW_IPS": "192.0.2.1", **env}
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        command = [sys.executable, "-m", "gunicorn", "axisdb.wsgi", f"--bind=127.0.0.1:{self.port}", "--workers=1"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stdout.read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(self, path: str, **headers: str) -> http.client.HTTPResponse:
        """GET ``path`` (no redirects followed); the response body is read into ``.body``."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers={"Host": "example.org", **headers})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response
