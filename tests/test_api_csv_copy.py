"""The whole-list CSV of events and claims is written by PostgreSQL (COPY, streamed in chunks) and
is byte for byte what the resources' Python writer gives: on the fixtures, and on cells full of
what CSV and spreadsheets treat specially (issue 15)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import QueryDict

from curation.api.csv import CsvFormat, csv_lines
from curation.partial_dates import PartialDate
from events.api.filters import EventFilterSet
from events.api.serializers import EVENT_CSV
from events.models import Event
from events.selectors import event_list_public
from sources.api.serializers import CLAIM_CSV
from sources.selectors import claim_list_public
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship

pytestmark = pytest.mark.django_db

FORMATS = {"events": (EVENT_CSV, event_list_public), "claims": (CLAIM_CSV, claim_list_public)}


def python_writer_bytes(resource: str, filters=None) -> bytes:
    csv_format, selector = FORMATS[resource]
    plain = CsvFormat(csv_format.filename, csv_format.resource_class)
    return "".join(csv_lines(selector(filters=filters or {}), plain)).encode()


def api_bytes(client, resource: str, **params) -> bytes:
    response = client.get(f"/api/{resource}/", {"format": "csv", **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("resource", FORMATS)
def test_the_fixtures_come_out_byte_for_byte_as_the_python_writer_writes_them(client, resource):
    call_command("import_fixtures", "fixtures", verbosity=0)
    body = api_bytes(client, resource)
    assert body.count(b"\r\n") > 10
    assert body == python_writer_bytes(resource)


AWKWARD = [
    '=HYPERLINK("x")',
    "+1",
    "-2",
    "@sum",
    "\tTab first",
    "'=already quoted",
    'He said "yes", then left',
    "line one\nline two\r\nline three",
    "back\\slash and\ttab",
    "Ünïcödé — 北朝鮮",
    "",
    " leading space",
]


def test_awkward_cells_come_out_as_the_python_writer_writes_them(client):
    tie = make_relationship("CHN", "PRK", slug="tie")
    for n, text in enumerate(AWKWARD):
        event = make_event(
            slug=f"event-{n:02d}",
            title=text or "untitled",
            summary=text,
            place=text,
            domains=["military", "economic"] if n % 2 else [],
            start=PartialDate(2024, 3, 17 if n % 3 == 0 else None) if n % 3 != 2 else PartialDate(2023),
            start_approximate=n % 2 == 0,
            participants={"RUS": "host", "PRK": "supplier"} if n % 2 else {"CHN": "participant"},
        )
        make_claim(
            slug=f"claim-{n:02d}",
            statement=text or "no words",
            claimant=text or "reports",
            event=event,
            relationship=tie if n % 2 else None,
            states=["IRN", "KOR"] if n % 3 else [],
            quantity_value=[None, Decimal("2500000"), Decimal("-1.5"), Decimal("0.0100")][n % 4],
            quantity_unit="" if n % 4 == 0 else "rounds",
        )
    make_event(slug="undated", start=None)
    for resource in FORMATS:
        body = api_bytes(client, resource)
        assert body == python_writer_bytes(resource), resource
    filters = EventFilterSet(data=QueryDict("participant=PRK&ordering=-key"), queryset=Event.objects.none()).cleaned()
    filtered = api_bytes(client, "events", participant="PRK", ordering="-key")
    assert filtered.count(b"\r\nevent-") == len(AWKWARD) // 2
    assert filtered == python_writer_bytes("events", filters)
