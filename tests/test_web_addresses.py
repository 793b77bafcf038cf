"""A source's URL is a strict web address (http/https, RFC 3986 characters) in the admin and CSV.

``https://example.org/"><script>...`` used to be accepted by the admin and served by
the API as a ``format: uri``. Addresses stored before the rule are reported by a
system check, never changed behind anyone's back.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from curation.csvio.export import csv_text
from curation.csvio.services import csv_file_import
from sources.models import Source
from sources.resources import SourceResource
from tests.admin_forms import form_data
from tests.csvio_helpers import VALID, read_rows, table_counts
from tests.factories import make_source

pytestmark = pytest.mark.django_db

BAD = [
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/a b",
    "https://example.org/it's",
    "https://example.org/<b>",
    "javascript:alert(1)",
    "ftp://example.org/file",
    "https://example.org/Россия",
    "https://",
]
GOOD = ["https://example.org/report?id=3&x=%22y%22#top", "http://www.example.org/", "https://example.org/a%20b"]


def post_source(client, url):
    add = reverse("admin:sources_source_add")
    data = form_data(client.get(add))
    data.update(title=["A report"], slug=["a-report"], kind=["analysis"], reliability=["B"], url=[url])
    data["status"] = ["draft"]
    return client.post(add, data)


@pytest.mark.parametrize("url", BAD)
def test_the_admin_refuses_a_url_that_is_not_a_strict_web_address(admin_client, url):
    response = post_source(admin_client, url)

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["url"]
    assert "web address" in message
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", GOOD)
def test_the_admin_takes_a_proper_web_address(admin_client, url):
    response = post_source(admin_client, url)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Source.objects.get().url == url


def test_the_admin_names_the_characters_that_are_not_allowed(admin_client):
    response = post_source(admin_client, 'https://example.org/"><script>')

    [message] = response.context["adminform"].form.errors["url"]
    assert message.startswith("A web address may not contain '\"', '<', '>'")


def sources_with_url(url: str) -> bytes:
    rows = read_rows(VALID / "sources.csv")
    rows[1][rows[0].index("url")] = url
    return csv_text(rows).encode()


@pytest.mark.parametrize("url", BAD)
def test_a_csv_row_with_a_bad_url_is_an_error_naming_row_column_and_value(url):
    counts = table_counts()

    report = csv_file_import(resource_class=SourceResource, data=sources_with_url(url), file_name="sources.csv")

    [line] = report.error_lines()
    assert line.startswith(f"sources.csv:row 1: column url: value {url!r}: ")
    assert "web address" in line
    assert table_counts() == counts


def test_a_stored_bad_url_is_reported_by_the_check_and_left_as_it_is():
    make_source(slug="good", url=GOOD[0])
    source = make_source(slug="bad-one")
    Source.objects.filter(pk=source.pk).update(url=BAD[0])  # stored before the rule
    out = io.StringIO()

    call_command("check", "--database", "default", stdout=out, stderr=out)

    report = out.getvalue()
    assert "curation.W001" in report
    assert f"sources.Source bad-one: url {BAD[0]!r} is not a web address" in report
    assert "sources.Source good:" not in report
    assert Source.objects.get(pk=source.pk).url == BAD[0]


def test_the_check_is_quiet_when_every_url_is_good():
    make_source(slug="good", url=GOOD[0])
    out = io.StringIO()

    call_command("check", "--database", "default", stdout=out, stderr=out)

    assert "curation.W001" not in out.getvalue()


def test_the_api_never_serves_a_stored_address_that_is_not_a_web_address(client):
    make_source(slug="good", url=GOOD[0])
    source = make_source(slug="bad-one")
    Source.objects.filter(pk=source.pk).update(url=BAD[0])

    assert client.get("/api/sources/good/").json()["url"] == GOOD[0]
    assert client.get("/api/sources/bad-one/").json()["url"] is None
    listed = {row["key"]: row["url"] for row in client.get("/api/sources/").json()["results"]}
    assert listed == {"good": GOOD[0], "bad-one": None}
