"""Numbers and partial dates accept ASCII digits only, and years 0001-9998, in CSV, admin and API.

Python reads ``٢٠٢٤`` (Arabic-Indic digits) as 2024, ``1_000`` as 1000 and ``١٢٣`` as
123; a year 9999 overflowed into a 500 (admin) or an "unexpected error" naming no
column (CSV). Each is refused with a message naming the field (admin), or the row,
column and value (CSV), and nothing is written.
"""

import pytest
from django.urls import reverse

from curation.csvio.export import csv_text
from curation.csvio.services import csv_file_import, fixtures_import
from events.csv_files import EventResource
from events.models import Event
from sources.models import Claim, Source
from sources.resources import ClaimResource, SourceResource
from tests.admin_forms import form_data
from tests.csvio_helpers import VALID, read_rows, table_counts
from tests.factories import make_event, make_source, make_state

pytestmark = pytest.mark.django_db

RANGE = "use a year from 0001 to 9998"


def with_cell(file_name: str, column: str, value: str, row: int = 1) -> bytes:
    """The valid sample's ``file_name`` with one cell replaced (rows counted from 1 after the header)."""
    rows = read_rows(VALID / file_name)
    rows[row][rows[0].index(column)] = value
    return csv_text(rows).encode()


@pytest.mark.parametrize(
    ("resource", "file_name", "column", "value", "message"),
    [
        (EventResource, "events.csv", "start", "٢٠٢٤-٠٣", "in the digits 0-9"),
        (EventResource, "events.csv", "start", "2024-٠٣", "in the digits 0-9"),
        (EventResource, "events.csv", "start", "9999", RANGE),
        (EventResource, "events.csv", "end", "9999-12", RANGE),
        (SourceResource, "sources.csv", "published", "9999", RANGE),
        (ClaimResource, "claims.csv", "quantity_value", "1_000", "not a number: write the number with the digits 0-9"),
        (ClaimResource, "claims.csv", "quantity_value", "١٢٣", "not a number"),
        (ClaimResource, "claims.csv", "quantity_lower", "1e3", "not a number"),
        (ClaimResource, "claims.csv", "quantity_upper", "Infinity", "not a number"),
    ],
)
def test_a_csv_cell_in_other_digits_or_out_of_range_is_an_error_naming_row_column_and_value(
    resource, file_name, column, value, message
):
    fixtures_import(folder=VALID)
    counts = table_counts()

    report = csv_file_import(resource_class=resource, data=with_cell(file_name, column, value), file_name=file_name)

    [line] = report.error_lines()
    assert line.startswith(f"{file_name}:row 1: column {column}: value {value!r}: ")
    assert message in line
    assert "unexpected error" not in line
    assert not report.committed
    assert table_counts() == counts


def admin_form(client, model, **changes):
    """Post the admin add form of ``model`` with ``changes``; the response."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    data = form_data(client.get(url))
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, data)


def field_errors(response, field: str) -> str:
    assert response.status_code == 200, response
    return " ".join(response.context["adminform"].form.errors.get(field, []))


EVENT = {
    "title": "Drill",
    "slug": "drill",
    "type": "military_exercise",
    "domains": "military",
    "status": "draft",
    "participants-TOTAL_FORMS": "1",
    "participants-0-state": "RUS",
    "participants-0-role": "participant",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "٢٠٢٤-٠٣", "in the digits 0-9"),
        ("start", "9999", RANGE),
        ("end", "9999-12", RANGE),
    ],
)
def test_the_event_form_refuses_other_digits_and_year_9999_with_the_range(admin_client, field, value, message):
    make_state("RUS")
    changes = {**EVENT, "start": "2024-03", field: value}

    response = admin_form(admin_client, Event, **changes)

    assert message in field_errors(response, field)
    assert not Event.objects.exists()


def test_the_source_form_refuses_year_9999_with_the_range(admin_client):
    response = admin_form(
        admin_client, Source, title="x", slug="x", kind="dataset", reliability="F", status="draft", published="9999"
    )

    assert RANGE in field_errors(response, "published")
    assert not Source.objects.exists()


@pytest.mark.parametrize("value", ["1_000", "١٢٣", "1e3", "NaN", "2,500"])
@pytest.mark.parametrize("field", ["quantity_value", "quantity_lower", "quantity_upper"])
def test_the_claim_form_refuses_numbers_not_in_ascii_digits(admin_client, field, value):
    source = make_source()
    event = make_event()
    response = admin_form(
        admin_client,
        Claim,
        slug="rounds",
        statement="Rounds.",
        claimant="Reports",
        event=str(event.pk),
        stance="supports",
        credibility="3",
        assessment="unverified",
        status="draft",
        quantity_unit="rounds",
        **{field: value},
        **{
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": str(source.pk),
            "citations-0-quote": "Rounds.",
            "citations-0-attribution": "asserts",
        },
    )

    assert "with the digits 0-9" in field_errors(response, field)
    assert not Claim.objects.exists()


def test_the_claim_form_still_takes_a_signed_decimal(admin_client):
    source = make_source()
    event = make_event()
    response = admin_form(
        admin_client,
        Claim,
        slug="rounds",
        statement="Rounds.",
        claimant="Reports",
        event=str(event.pk),
        stance="supports",
        credibility="3",
        assessment="unverified",
        status="draft",
        quantity_value="2500000",
        quantity_lower="-1.5",
        quantity_unit="rounds",
        **{
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": str(source.pk),
            "citations-0-quote": "Rounds.",
            "citations-0-attribution": "asserts",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get()
    assert (str(claim.quantity_value.normalize()), str(claim.quantity_lower.normalize())) == ("2.5E+6", "-1.5")


@pytest.mark.parametrize(
    ("url", "params", "name"),
    [
        ("/api/events/", {"from": "2024\n"}, "from"),
        ("/api/events/", {"to": "9999"}, "to"),
        ("/api/relationships/", {"active_on": "9999-12"}, "active_on"),
        ("/api/events/", {"page_size": "25\n"}, "page_size"),
        ("/api/sources/", {"from": "٢٠٢٤"}, "from"),
    ],
)
def test_api_dates_and_numbers_take_ascii_digits_only_and_years_to_9998(client, url, params, name):
    response = client.get(url, params)

    assert response.status_code == 400
    assert list(response.json()) == [name]
