"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ({"DB_CONN_MAX_AGE": "ten"}, "DB_CONN_MAX_AGE='ten' is not a whole number"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "PostgreSQL only"),
    ],
)
def test_a_bad_value_stops_the_process_with_a_message(env, message):
    result = run_check(**env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_without_database_url_the_embedded_server_under_var_is_used():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set: this run uses that server")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        assert connection.connection.info.host == str(ROOT / "var" / "pgdata")
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0].startswith("18.")


def test_the_database_is_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
