"""collectstatic works with DEBUG off, and gunicorn serves the files through whitenoise:
hashed names, compressed copies, cached for ever."""

import gzip
import json
import re

import pytest

from tests.subprocesses import Server, manage, production_env

pytestmark = pytest.mark.django_db

HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture
def collected(tmp_path):
    static = tmp_path / "static"
    env = production_env(STATIC_ROOT=str(static), BEHIND_HTTPS_PROXY="true")
    result = manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    return static, env


def test_collectstatic_hashes_and_compresses_with_debug_off(collected):
    static, _ = collected
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    for name in ("admin/css/base.css", "curation/history.css"):
        hashed = manifest[name]
        assert re.fullmatch(r".+\.[0-9a-f]{12}\.css", hashed)
        assert (static / hashed).is_file() and (static / f"{hashed}.gz").is_file()


def test_a_production_server_serves_static_files_with_debug_off(collected):
    static, env = collected
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    with Server(env) as server:
        css = server.get(f"/static/{manifest['admin/css/base.css']}", **HTTPS)
        assert css.status == 200
        assert css.getheader("Content-Type").startswith("text/css")
        assert "immutable" in css.getheader("Cache-Control")
        assert css.body == (static / manifest["admin/css/base.css"]).read_bytes()

        zipped = server.get(f"/static/{manifest['admin/css/base.css']}", **HTTPS, **{"Accept-Encoding": "gzip"})
        assert zipped.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(zipped.body) == css.body

        login = server.get("/admin/login/", **HTTPS)
        assert login.status == 200
        assert f'/static/{manifest["admin/css/base.css"]}"' in login.body.decode()

        assert server.get("/static/admin/css/no-such-file.css", **HTTPS).status == 404
