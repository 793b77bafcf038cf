"""CSV on list endpoints: the whole filtered set, streamed, in the fixtures' columns, formula-escaped."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.http import StreamingHttpResponse

from curation.partial_dates import PartialDate
from tests.api_support import csv_rows, fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source, make_states

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RESOURCES = ["states", "events", "relationships", "claims", "sources"]


def fixture_header(resource: str) -> list[str]:
    return (FIXTURES / f"{resource}.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")


@pytest.mark.parametrize("resource", RESOURCES)
def test_csv_by_format_parameter_or_accept_header_has_the_fixture_columns(client, resource):
    make_claim(event=make_event(), relationship=make_relationship())
    for response in (
        client.get(f"/api/{resource}/", {"format": "csv"}),
        client.get(f"/api/{resource}/", HTTP_ACCEPT="text/csv"),
    ):
        assert response.status_code == 200
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{resource}.csv"'
        body = b"".join(response.streaming_content).decode()
        assert body.splitlines()[0].split(",") == fixture_header(resource)


def test_the_whole_filtered_set_not_one_page(client, settings):
    settings.AXISDB_API_PAGE_SIZE = 2
    for n in range(7):
        make_event(slug=f"event-{n}", participants={"PRK" if n % 2 else "RUS": "participant"})
    assert len(client.get("/api/events/").json()["results"]) == 2
    rows = csv_rows(client.get("/api/events/", {"format": "csv"}))
    assert sorted(row["key"] for row in rows) == [f"event-{n}" for n in range(7)]
    # Paging parameters are checked but do not cut the file.
    assert len(csv_rows(client.get("/api/events/", {"format": "csv", "page_size": 1}))) == 7
    # Filters apply, and so does the ordering.
    rows = csv_rows(client.get("/api/events/", {"format": "csv", "participant": "PRK", "ordering": "-key"}))
    assert [row["key"] for row in rows] == ["event-5", "event-3", "event-1"]


def test_an_empty_list_is_a_header_only(client):
    body = b"".join(client.get("/api/events/", {"format": "csv"}).streaming_content).decode()
    assert body == ",".join(fixture_header("events")) + "\r\n"


def test_rows_are_written_as_in_the_fixtures(client):
    make_states("RUS", "PRK", "CHN")
    event = make_event(
        slug="shells",
        title='Shells, rockets and "missiles"',
        summary="Line one.\nLine two.",
        type="arms_transfer",
        domains=["military", "economic"],
        start=PartialDate(2023),
        start_approximate=True,
        end=PartialDate(2024, 6),
        place="",
        participants={"PRK": "supplier", "RUS": "recipient"},
    )
    tie = make_relationship(
        "RUS",
        "CHN",
        slug="arms",
        kind="arms_supplier",
        founding_event=event,
        start=PartialDate(2018),
        end=PartialDate(2022, 12, 31),
    )
    source = make_source(slug="src", authors=["A. B", "C. D"], published=None, url="https://example.org/a", notes="")
    make_claim(
        slug="rounds",
        statement="2.5 million rounds.",
        claimant="South Korea",
        asserted=PartialDate(2024, 10, 1),
        event=event,
        relationship=tie,
        states=["PRK", "RUS"],
        credibility=2,
        quantity_value=Decimal("2500000.0000"),
        quantity_lower=Decimal("-12.5000"),
        quantity_unit="rounds",
        sources=[source],
    )

    (event_row,) = csv_rows(client.get("/api/events/", {"format": "csv"}))
    assert event_row == {
        "key": "shells",
        "title": 'Shells, rockets and "missiles"',
        "summary": "Line one.\nLine two.",
        "type": "arms_transfer",
        "domains": "military;economic",
        "start": "2023~",
        "end": "2024-06",
        "place": "",
        "participants": "PRK:supplier;RUS:recipient",
        "status": "published",
    }
    (tie_row,) = csv_rows(client.get("/api/relationships/", {"format": "csv"}))
    assert tie_row == {
        "key": "arms",
        "kind": "arms_supplier",
        "state_a": "RUS",
        "state_b": "CHN",
        "start": "2018",
        "end": "2022-12-31",
        "founding_event": "shells",
        "summary": "A standing tie.",
        "status": "published",
    }
    (claim_row,) = csv_rows(client.get("/api/claims/", {"format": "csv"}))
    assert claim_row == {
        "key": "rounds",
        "statement": "2.5 million rounds.",
        "claimant": "South Korea",
        "asserted": "2024-10-01",
        "event": "shells",
        "relationship": "arms",
        "states": "PRK;RUS",
        "stance": "supports",
        "credibility": "2",
        "assessment": "unverified",
        "quantity_value": "2500000",
        "quantity_lower": "-12.5",  # a negative number in a numeric column stays a number
        "quantity_upper": "",
        "quantity_unit": "rounds",
        "status": "published",
        "retraction_reason": "",
    }
    (source_row,) = csv_rows(client.get("/api/sources/", {"format": "csv"}))
    assert source_row["authors"] == "A. B;C. D"
    assert source_row["published"] == ""
    assert source_row["url"] == "https://example.org/a"
    rows = csv_rows(client.get("/api/states/", {"format": "csv"}))
    assert rows[0] == {
        "iso3": "CHN",
        "name": "People's Republic of China",
        "short_name": "China",
        "aliases": "PRC;Beijing;CCP",
        "is_axis_member": "true",
        "wikidata_id": "",
    }


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-5", "'-5"),  # in a text column even a number is escaped
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=already", "''=already"),  # escaped so that an import gives back exactly '=already
        ("plain = text", "plain = text"),
        ("'quoted'", "'quoted'"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_escaped(client, text, written):
    source = make_source(title=text, publisher=text, notes=text)
    make_claim(statement=text, claimant=text, sources=[source], quantity_value=Decimal("-3"), quantity_unit=text)
    make_event(title=text, summary=text, place=text)
    (source_row,) = csv_rows(client.get("/api/sources/", {"format": "csv"}))
    assert source_row["title"] == source_row["publisher"] == source_row["notes"] == written
    (claim_row,) = csv_rows(client.get("/api/claims/", {"format": "csv"}))
    assert claim_row["statement"] == claim_row["claimant"] == claim_row["quantity_unit"] == written
    assert claim_row["quantity_value"] == "-3"
    (event_row,) = csv_rows(client.get("/api/events/", {"format": "csv"}))
    assert event_row["title"] == event_row["summary"] == event_row["place"] == written


def test_the_csv_imports_back_with_the_fixture_importer(client):
    """The API's CSV is the fixtures' format: csvio's own reader unescapes it exactly."""
    from curation.csvio.formulae import unescape_cell

    make_event(title="=1+1", summary="-x")
    (row,) = csv_rows(client.get("/api/events/", {"format": "csv"}))
    assert unescape_cell(row["title"]) == "=1+1"
    assert unescape_cell(row["summary"]) == "-x"


def test_csv_is_for_lists_only(client):
    event = make_event()
    response = client.get(f"/api/events/{event.slug}/", {"format": "csv"})
    assert response.status_code == 400
    assert list(response.json()) == ["format"]
    response = client.get(f"/api/events/{event.slug}/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
