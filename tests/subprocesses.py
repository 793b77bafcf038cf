"""Running the project in a child process: manage.py commands, gunicorn, with chosen settings."""

import os
import secrets
import socket
import subprocess
import sys
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
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE"}}
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
