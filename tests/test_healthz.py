"""/healthz answers 200 when the database answers SELECT 1, and 503 when it does not."""

import json

import pytest

from tests.subprocesses import Server, free_port, production_env

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_only_reads(client):
    assert client.post("/healthz").status_code == 405


def test_a_production_server_answers_503_when_its_database_is_down_and_200_when_it_is_up():
    dead = f"postgresql://axisdb:secret@127.0.0.1:{free_port()}/axisdb"  # nothing listens there
    with Server(production_env(DATABASE_URL=dead)) as server:
        # Plain HTTP on purpose: load balancers probe without TLS, and /healthz is exempt from the redirect.
        response = server.get("/healthz")
        assert response.status == 503
        assert json.loads(response.body) == {"status": "unavailable", "database": "unreachable"}
    with Server(production_env()) as server:
        response = server.get("/healthz")
        assert response.status == 200
        assert json.loads(response.body)["database"] == "ok"
