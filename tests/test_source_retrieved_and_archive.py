"""A source's ``retrieved`` date and ``archive_url`` snapshot: in the admin, the CSV files and the API."""

import pytest
from django.urls import reverse

from curation.csvio.export import csv_text, rows_for
from curation.csvio.services import csv_file_import
from curation.partial_dates import PartialDate
from sources.models import Source
from sources.resources import SourceResource
from tests.admin_forms import form_data
from tests.api_support import csv_rows, fresh_throttle  # noqa: F401
from tests.csvio_helpers import VALID, read_rows, table_counts
from tests.factories import make_source

pytestmark = pytest.mark.django_db

SNAPSHOT = "https://web.archive.org/web/20250101000000/https://example.org/report"


def test_the_api_shows_them(client):
    make_source(slug="kept", retrieved=PartialDate(2025, 2, 3), archive_url=SNAPSHOT)
    make_source(slug="plain")
    kept = client.get("/api/sources/kept/").json()
    assert kept["retrieved"] == {"value": "2025-02-03", "precision": "day", "approximate": False}
    assert kept["archive_url"] == SNAPSHOT
    plain = client.get("/api/sources/plain/").json()
    assert plain["retrieved"] is None
    assert plain["archive_url"] is None


def test_a_stored_archive_url_that_is_not_a_web_address_is_served_as_null(client):
    source = make_source(slug="old")
    Source.objects.filter(pk=source.pk).update(archive_url="javascript:alert(1)")
    assert client.get("/api/sources/old/").json()["archive_url"] is None


def test_the_csv_columns_round_trip(client):
    make_source(slug="kept", retrieved=PartialDate(2025, 2), retrieved_approximate=True, archive_url=SNAPSHOT)
    [row] = csv_rows(client.get("/api/sources/", {"format": "csv"}))
    assert (row["retrieved"], row["archive_url"]) == ("2025-02~", SNAPSHOT)
    data = csv_text(rows_for(SourceResource, Source.objects.all())).encode()
    Source.objects.update(retrieved=None, archive_url="")
    report = csv_file_import(resource_class=SourceResource, data=data, file_name="sources.csv")
    assert not report.error_lines()
    source = Source.objects.get()
    assert (source.retrieved, source.retrieved_approximate, source.archive_url) == (
        PartialDate(2025, 2),
        True,
        SNAPSHOT,
    )


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [("archive_url", "javascript:alert(1)", "web address"), ("retrieved", "2025-13", "")],
)
def test_a_bad_cell_is_an_error_naming_row_column_and_value(column, value, problem):
    rows = read_rows(VALID / "sources.csv")
    rows[1][rows[0].index(column)] = value
    counts = table_counts()
    report = csv_file_import(resource_class=SourceResource, data=csv_text(rows).encode(), file_name="sources.csv")
    [line] = report.error_lines()
    assert line.startswith(f"sources.csv:row 1: column {column}: value {value!r}: ")
    assert problem in line
    assert table_counts() == counts


def post_source(client, **fields):
    add = reverse("admin:sources_source_add")
    data = form_data(client.get(add))
    data.update(title=["A report"], slug=["a-report"], kind=["analysis"], reliability=["B"], status=["draft"])
    data.update({name: [value] for name, value in fields.items()})
    return client.post(add, data)


def test_the_admin_form_takes_them(admin_client):
    response = post_source(admin_client, retrieved="2025-02-03", archive_url=SNAPSHOT)
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get()
    assert (source.retrieved, source.archive_url) == (PartialDate(2025, 2, 3), SNAPSHOT)


def test_the_admin_form_refuses_an_archive_url_that_is_not_a_web_address(admin_client):
    response = post_source(admin_client, archive_url='https://example.org/"><script>')
    assert response.status_code == 200
    assert "web address" in response.context["adminform"].form.errors["archive_url"][0]
    assert not Source.objects.exists()
