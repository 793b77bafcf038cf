"""Schemathesis against the API's schema, inside the suite, with every default check.

The schema is generated as ``manage.py spectacular`` writes it (see ``contract``)
and every operation of the Django WSGI application is exercised with generated
requests (examples and fuzzing phases, and in the slow run the coverage phase too)
and checked with all of schemathesis's default checks. The data is created in the
test's own transaction (pytest-django's ``db``); the API is read-only, so no
request can change it between examples.

One adaptation: ``cursor`` is an opaque token that only the API issues (signed),
so a schema can only call it a string. A schema-valid but made-up cursor is
rightly a 400, which the positive-data check would count as a failure; in
positive cases a generated cursor is therefore swapped for a real one, issued
by the API for the same ordering. Negative cases keep their generated cursor.
Made-up cursors are tested in test_api_errors.

The same holds for ``as_of``: the schema can describe a release number or a moment, not which
releases exist or what time it is now, so a made-up release (``as_of=0``) or a moment in the future
is rightly a 400. In positive cases a generated ``as_of`` is swapped for the present moment (the
tables rebuilt from the history hold the test's data); the others are tested in test_api_as_of.
"""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from werkzeug.test import Client

from axisdb.wsgi import application
from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source


@pytest.fixture
def wsgi_in_test_transaction():
    """Keep the test's connection (and its transaction) across WSGI requests.

    Django closes a connection around every request when it is not in
    autocommit mode, as inside a test's transaction; its test client avoids
    that the same way.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_data(db, wsgi_in_test_transaction):
    source = make_source(slug="reuters-report", url="https://example.org/report")
    other_source = make_source(slug="think-tank", published=None, publisher="", kind="analysis")
    draft_source = make_source(slug="draft-source", status=EditorialStatus.DRAFT)
    event = make_event(slug="gulf-exercise", participants={"RUS": "host", "CHN": "participant", "IRN": "participant"})
    make_event(
        slug="shells",
        type="arms_transfer",
        start=PartialDate(2023),
        end=PartialDate(2024, 6, 30),
        start_approximate=True,
        participants={"PRK": "supplier", "RUS": "recipient"},
    )
    make_event(slug="undated", start=None, place="", participants={"UKR": "target"})
    make_event(slug="draft-event", status=EditorialStatus.DRAFT)
    tie = make_relationship("RUS", "IRN", founding_event=event, start=PartialDate(2025, 1), kind="arms_supplier")
    make_relationship("CHN", "PRK", kind="military_alliance", start=None)
    make_claim(
        slug="rounds",
        event=event,
        sources=[source, draft_source],
        states=["PRK"],
        quantity_value=2500000,
        quantity_lower=-5,
        quantity_unit="rounds",
    )
    make_claim(slug="tie-claim", relationship=tie, sources=[source, other_source], stance="context", asserted=None)


def contract() -> schemathesis.schemas.BaseSchema:
    """The schema as generated without a request (``manage.py spectacular``), to call the WSGI application with.

    It needs no database, so it is loaded when the module is imported, before the test
    database exists. It is the contract itself: its state parameters take every ISO code
    the API accepts. The schema served at /api/schema/ differs only there, its pickers
    narrowed to the states in the published data (events/api/schema.py): a subset, so
    every request it allows is one this run may make. Fuzzing the narrowed one instead
    would call a code it leaves out (GBR) a bad value, which the API rightly accepts.
    """
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = application
    return loaded


schema = contract()
# The quick run of every pass leaves out the coverage phase, which is not bounded by max_examples
# (some 500 boundary cases per list operation, several minutes in all); the slow run, once per CI,
# keeps every phase.
quick_schema = contract()
quick_schema.config.phases.coverage.enabled = False


def issued_cursor(case) -> str | None:
    """A cursor the API itself issues for the case's list and ordering (None if the list has one page)."""
    params = {"page_size": 1}
    ordering = (case.query or {}).get("ordering")
    if ordering:
        params["ordering"] = ",".join(ordering) if isinstance(ordering, list) else ordering
    # Through the WSGI application, as schemathesis calls it (Django's test client would
    # reconnect the signal handlers that ``wsgi_in_test_transaction`` disconnects).
    response = Client(application).get(case.operation.path, query_string=params)
    if response.status_code != 200 or not response.json["next"]:
        return None
    return parse_qs(urlsplit(response.json["next"]).query)["cursor"][0]


def with_issued_cursor(case):
    if case.query and "cursor" in case.query and case.meta is not None and case.meta.generation.mode.is_positive:
        cursor = issued_cursor(case)
        if cursor is None:
            del case.query["cursor"]
        else:
            case.query["cursor"] = cursor
    return case


def with_moment_now(case):
    if case.query and "as_of" in case.query and case.meta is not None and case.meta.generation.mode.is_positive:
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            case.query["as_of"] = cursor.fetchone()[0].isoformat()
    return case


def hypothesis_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # the same requests on every run: a failure is reproducible, never flaky
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@quick_schema.parametrize()
@hypothesis_settings(25)
def test_api_conforms_to_its_schema(case, api_data):
    with_moment_now(with_issued_cursor(case)).call_and_validate()


@pytest.mark.slow
@schema.parametrize()
@hypothesis_settings(300)
def test_api_conforms_to_its_schema_at_300_examples(case, api_data):
    """The full run of the issue: every check (all are enabled by default), 300 examples per operation."""
    with_moment_now(with_issued_cursor(case)).call_and_validate()
