"""With DEBUG off: no start without SECRET_KEY and ALLOWED_HOSTS, `check --deploy` is clean,
and a real server sends the security headers, secure cookies and the HTTPS redirect."""

import json
import subprocess
import sys

import pytest

from tests.subprocesses import ROOT, Server, manage, production_env

SETUP = "import django; django.setup(); print('started')"


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "axisdb.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = python(SETUP, env)
    assert result.returncode != 0 and "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.django_db
def test_production_refuses_to_start_without_allowed_hosts():
    env = production_env()
    env.pop("ALLOWED_HOSTS")
    result = python(SETUP, env)
    assert result.returncode != 0 and "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr
    assert python(SETUP, production_env()).stdout.strip() == "started"


@pytest.mark.django_db
def test_check_deploy_passes_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(ALLOWED_HOSTS="example.org"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_check_deploy_would_fail_with_development_defaults():
    """The check is strict enough to notice: DEBUG on fails it."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(DEBUG="true"))
    assert result.returncode != 0 and "security.W018" in result.stdout + result.stderr


SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ['SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_CONTENT_TYPE_NOSNIFF', "
    "'SECURE_REFERRER_POLICY', 'X_FRAME_OPTIONS', 'SECURE_PROXY_SSL_HEADER']}))"
)


@pytest.mark.django_db
def test_production_defaults_and_the_proxy_switch():
    values = json.loads(python(SETTINGS, production_env()).stdout)
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_PROXY_SSL_HEADER": None,
    }
    behind = json.loads(python(SETTINGS, production_env(BEHIND_HTTPS_PROXY="true")).stdout)
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    development = json.loads(python(SETTINGS, {**production_env(DEBUG="true")}).stdout)
    assert development["SECURE_SSL_REDIRECT"] is False and development["SESSION_COOKIE_SECURE"] is False


@pytest.mark.django_db
def test_a_production_server_redirects_to_https_and_sends_the_security_headers():
    with Server(production_env(BEHIND_HTTPS_PROXY="true")) as server:
        plain = server.get("/admin/login/")
        assert plain.status == 301 and plain.getheader("Location") == "https://example.org/admin/login/"

        # Behind the TLS proxy: X-Forwarded-Proto says the client used https.
        page = server.get("/healthz", **{"X-Forwarded-Proto": "https"})
        assert page.status == 200
        assert page.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
        assert page.getheader("X-Content-Type-Options") == "nosniff"
        assert page.getheader("Referrer-Policy") == "same-origin"
        assert page.getheader("X-Frame-Options") == "DENY"
        assert page.getheader("Cross-Origin-Opener-Policy") == "same-origin"
        assert "default-src 'self'" in page.getheader("Content-Security-Policy")

    with Server(production_env()) as server:
        # Without BEHIND_HTTPS_PROXY a client's X-Forwarded-Proto is not believed.
        forged = server.get("/admin/login/", **{"X-Forwarded-Proto": "https"})
        assert forged.status == 301


@pytest.mark.django_db
def test_production_cookies_are_secure(tmp_path):
    static = tmp_path / "static"
    env = production_env(BEHIND_HTTPS_PROXY="true", STATIC_ROOT=str(static))
    assert manage("collectstatic", "--noinput", env=env).returncode == 0
    with Server(env) as server:
        page = server.get("/admin/login/", **{"X-Forwarded-Proto": "https"})
        assert page.status == 200
        cookie = page.getheader("Set-Cookie")
        assert cookie.startswith("csrftoken=") and "Secure" in cookie


BROWSABLE = (
    "import django; django.setup(); from rest_framework.settings import api_settings as a; "
    "print(','.join(c.__name__ for c in a.DEFAULT_RENDERER_CLASSES))"
)


@pytest.mark.django_db
def test_the_browsable_api_is_off_in_production():
    production = python(BROWSABLE, production_env()).stdout.strip().split(",")
    assert "BrowsableAPIRenderer" not in production and "JSONRenderer" in production

    with Server(production_env(BEHIND_HTTPS_PROXY="true")) as server:
        page = server.get("/api/events/", Accept="text/html", **{"X-Forwarded-Proto": "https"})
        assert not page.getheader("Content-Type", "").startswith("text/html")
        assert b"<html" not in page.body.lower()


@pytest.mark.django_db
def test_production_keeps_database_connections_and_development_does_not():
    code = (
        "import django, json; django.setup(); from django.conf import settings; d = settings.DATABASES['default'];"
        " print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    env = {key: value for key, value in production_env().items() if key != "DB_CONN_MAX_AGE"}
    assert json.loads(python(code, env).stdout) == [600, True]
    assert json.loads(python(code, {**env, "DEBUG": "true"}).stdout) == [0, True]
    assert json.loads(python(code, {**env, "DB_CONN_MAX_AGE": "0"}).stdout) == [0, True]
