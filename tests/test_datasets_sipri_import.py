"""``import_sipri``: the SIPRI register as arms-transfer events and claims by SIPRI (issue 11), on the
excerpt of the real 13 Mar 2025 export in tests/data/external (see its README)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from datasets.models import ImportedRecord
from datasets.services import sipri_register_import
from events.models import Event, State
from sources.models import Citation, Claim, Source
from tests.csvio_helpers import table_counts
from tests.factories import make_states
from tests.test_datasets_sipri import EXCERPT, excerpt_bytes, with_line

pytestmark = pytest.mark.django_db


def run(data: bytes | None = None, **options):
    options.setdefault("add_states", True)
    return sipri_register_import(stream=io.BytesIO(data or excerpt_bytes()), file_name="excerpt.csv", **options)


def line_of(text: bytes) -> int:
    """The line of the excerpt holding ``text`` (1-based)."""
    (number,) = [n for n, line in enumerate(excerpt_bytes().splitlines(), 1) if text in line]
    return number


def event_of(designation: str, recipient: str) -> Event:
    return Event.objects.get(
        title__startswith=designation, participants__state=recipient, participants__role="recipient"
    )


def test_each_deal_becomes_an_arms_transfer_with_a_claim_by_sipri_citing_the_export():
    make_states("RUS", "CHN", "IRN", "PRK")
    report = run()

    assert report.committed and report.errors == [] and report.unknown == {}
    assert report.counts("events.event")["created"] == 18
    shahed = event_of("Shahed-136", "RUS")
    assert shahed.type == "arms_transfer" and shahed.status == "draft"
    assert sorted(shahed.participants.values_list("state_id", "role")) == [("IRN", "supplier"), ("RUS", "recipient")]
    assert (shahed.start.value, shahed.start_approximate, shahed.end.value) == ("2022", False, "2024")
    assert "Geran-2" in shahed.summary
    claim = shahed.claims.get()
    assert claim.claimant.startswith("SIPRI") and claim.status == "draft"
    assert (claim.quantity_value, claim.quantity_lower) == (6600, 4600)
    assert "6,600 (uncertain)" in claim.statement
    citation = claim.citations.get()
    assert citation.quote.startswith("Russia,Iran,2022,,6600,?,Shahed-136,")
    assert citation.locator == f"line {line_of(b'Shahed-136')}"
    source = citation.source
    assert (source.publisher, source.published.value, source.kind, source.reliability) == (
        "SIPRI",
        "2025-03-13",
        "dataset",
        "F",
    )
    assert Source.objects.count() == 1


def test_the_cp1252_row_and_the_uncertain_columns():
    run()
    santa_fe = Citation.objects.get(quote__contains="GUPPY-2")
    assert "Santa Fé" in santa_fe.quote
    an26 = Event.objects.get(title__startswith="An-26", start="1976")
    assert an26.start_approximate  # the year of order is marked '?'
    claim = an26.claims.get()
    assert "36 (uncertain)" in claim.statement and "delivered" in claim.statement
    assert (an26.end.value,) == ("1982",)  # the last of six years of delivery


def test_the_soviet_union_is_created_as_a_former_state_and_its_deals_count_for_russia(client):
    make_states("RUS")
    run(publish=True)
    soviet = State.objects.get(iso3="SUN")
    assert (soviet.successor_id, soviet.valid_until.value) == ("RUS", "1991-12-26")
    malyutka = event_of("Malyutka", "AFG")
    assert malyutka.participants.get(role="supplier").state_id == "SUN"
    keys = lambda params: {e["key"] for e in client.get("/api/events/", params).json()["results"]}  # noqa: E731
    assert malyutka.slug in keys({"participant": "RUS", "predecessors": "true", "page_size": 100})
    assert malyutka.slug not in keys({"participant": "RUS", "page_size": 100})


def test_unknown_names_stop_the_import_listing_them_with_their_rows():
    make_states("RUS", "CHN", "IRN", "PRK")
    before = table_counts()
    report = run(add_states=False)

    assert report.stopped and not report.committed
    assert report.unknown["Afghanistan"] == 7 and report.unknown["Soviet Union"] == 6
    assert table_counts() == before


def test_non_state_suppliers_are_skipped_and_counted_by_name():
    report = run()
    assert report.skipped == {"unknown supplier(s) (unknown)": 1}
    assert report.kept == 18 and report.rows == 19


def test_the_broken_lines_are_rejoined_and_reported():
    report = run()
    rejoined = [note for note in report.notes if "rejoined" in note]
    assert len(rejoined) == 2 and all(note.startswith("lines ") for note in rejoined)


def test_states_keeps_only_the_deals_touching_them_and_their_predecessors():
    make_states("RUS", "CHN", "IRN", "PRK")
    report = run(states=["CHN", "IRN", "PRK", "RUS"])
    assert report.committed
    # Russia/Soviet Union deals (with Afghanistan, China, Zimbabwe...) and the Chinese and Iranian ones.
    assert Event.objects.filter(participants__state="SUN").exists()
    assert not Event.objects.filter(title__startswith="BTR-3").exists()  # Ukraine to Thailand


def test_reimporting_the_same_file_changes_nothing():
    run()
    counts = table_counts()
    report = run()
    assert report.total("created") == report.total("updated") == report.total("conflicts") == 0
    assert report.counts("events.event")["unchanged"] == 18
    assert table_counts() == counts


def test_a_newer_export_updates_adds_and_reports_vanished_but_never_deletes():
    run()
    data = excerpt_bytes()
    shahed = line_of(b"Shahed-136")
    newer = with_line(data, shahed, b",4600,,2022; 2023; 2024,", b",5600,,2022; 2023; 2024; 2025,")
    lines = newer.splitlines(keepends=True)
    btr = line_of(b"BTR-3")
    newer = b"".join(line for n, line in enumerate(lines, 1) if n not in (btr, btr + 1))
    newer += b"Russia,Iran,2024,,10,,Shahed-238,one-way attack drone,,,,New,,0.1,1,\r\n"

    report = run(newer)

    assert report.counts("events.event")["updated"] == 1 and report.counts("events.event")["created"] == 1
    assert event_of("Shahed-136", "RUS").end.value == "2025"
    assert len([line for line in report.vanished if "events.event" in line]) == 1
    assert Event.objects.filter(title__startswith="BTR-3").exists()


def test_records_an_editor_changed_are_conflicts_and_left_alone():
    run()
    shahed = event_of("Shahed-136", "RUS")
    shahed.summary = "Edited by an editor."
    shahed.save()
    data = with_line(excerpt_bytes(), line_of(b"Shahed-136"), b",4600,,", b",5000,,")

    report = run(data)

    assert report.counts("events.event")["conflicts"] == 1
    assert any(shahed.slug in line for line in report.conflicts)
    shahed.refresh_from_db()
    assert shahed.summary == "Edited by an editor."


def test_a_dry_run_writes_nothing():
    before = table_counts()
    report = run(dry_run=True)
    assert report.counts("events.event")["created"] == 18 and not report.committed
    assert table_counts() == before
    assert not ImportedRecord.objects.exists()


def test_the_command_prints_the_report_and_fails_on_unknown_names(capsys):
    make_states("RUS", "CHN", "IRN", "PRK")
    with pytest.raises(CommandError, match="stopped"):
        call_command("import_sipri", str(EXCERPT))
    assert "Afghanistan: 7 rows" in capsys.readouterr().out
    call_command("import_sipri", str(EXCERPT), "--add-states", "--publish")
    out = capsys.readouterr().out
    assert "events: 18 created" in out
    assert Claim.objects.filter(status="published").count() == 18
