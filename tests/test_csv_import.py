"""Importing fixture-format CSV: what ends up in the database, and what re-importing reports."""

import pghistory.models
import pytest
from django.core.management import call_command

from curation.csvio.services import csv_file_import, fixtures_import
from curation.partial_dates import PartialDate
from events.csv_files import EventResource, StateResource
from events.models import Event, EventParticipant, Relationship, State
from sources.models import Citation, Claim, ClaimLink, Source
from sources.resources import ClaimResource
from tests.csvio_helpers import FILES, VALID, copy_folder, data_row_count, read_rows, table_counts, write_rows
from tests.factories import make_event, make_state, make_states

pytestmark = pytest.mark.django_db

MODELS = {
    "states.csv": State,
    "sources.csv": Source,
    "events.csv": Event,
    "relationships.csv": Relationship,
    "claims.csv": Claim,
    "citations.csv": Citation,
    "claim_links.csv": ClaimLink,
}


def test_a_folder_imports_every_row_and_reports_them_created():
    report = fixtures_import(folder=VALID)

    assert report.error_lines() == []
    assert report.committed
    for name in FILES:
        expected = data_row_count(VALID / name)
        assert report.file(name).created == expected
        assert MODELS[name].objects.count() == expected
    assert EventParticipant.objects.count() == 7


def test_cells_are_stored_as_values_not_text():
    fixtures_import(folder=VALID)

    event = Event.objects.get(slug="north-korea-munitions-to-russia")
    assert (event.start, event.start_approximate) == (PartialDate(2023), True)
    assert (event.end, event.end_approximate) == (PartialDate(2024, 6), False)
    assert event.status == "draft"
    roles = list(event.participants.order_by("pk").values_list("state_id", "role"))
    assert roles == [("PRK", "supplier"), ("RUS", "recipient")]
    assert Event.objects.get(slug="iran-russia-treaty-2025-01").domains == ["diplomatic", "military", "economic"]

    assert State.objects.get(iso3="PRK").aliases == ["DPRK", "Pyongyang"]
    assert State.objects.get(iso3="UKR").is_axis_member is False

    source = Source.objects.get(slug="sample-analysis")
    assert source.authors == ["Ann Author", "Bob Writer"]
    assert source.notes == 'Notes with "quotes" and a\nline break'
    assert Source.objects.get(slug="draft-dataset").notes == "=SUM(A1) is text here"  # the export escape is undone
    assert Source.objects.get(slug="newsweek-treaty-report").published_display == "c. Jan 2025"

    claim = Claim.objects.get(slug="nk-2-5-million-rounds")
    assert (claim.quantity_value, claim.quantity_lower, claim.quantity_upper) == (2500000, 2000000, 3000000)
    assert claim.event.slug == "north-korea-munitions-to-russia"
    assert claim.relationship.slug == "prk-rus-arms-supplier"
    assert sorted(claim.states.values_list("iso3", flat=True)) == ["PRK", "RUS"]
    assert Claim.objects.get(slug="retracted-claim").quantity_value == -1.5

    tie = Relationship.objects.get(slug="irn-rus-comprehensive-strategic-partnership")
    assert tie.founding_event.slug == "iran-russia-treaty-2025-01"
    assert Citation.objects.get(claim__slug="nk-2-5-million-rounds", source__slug="sample-analysis").quote == (
        '"About 2.5 million rounds," it said.'
    )


def test_reimporting_unchanged_files_changes_nothing_and_reports_every_row_unchanged():
    fixtures_import(folder=VALID)
    before = table_counts()

    report = fixtures_import(folder=VALID)

    assert report.error_lines() == []
    for name in FILES:
        file_report = report.file(name)
        assert (file_report.created, file_report.updated) == (0, 0)
        assert file_report.unchanged == data_row_count(VALID / name)
    after = table_counts()
    after["history contexts"] = before["history contexts"]  # nothing written, so no new history either
    assert after == before


def test_a_changed_cell_updates_only_its_row(tmp_path):
    fixtures_import(folder=VALID)
    folder = copy_folder(VALID, tmp_path)
    rows = read_rows(folder / "events.csv")
    rows[3][rows[0].index("participants")] = "PRK:supplier;RUS:recipient;UKR:target"  # a participant more
    rows[1][rows[0].index("start")] = "2024-03~"  # only the approximate flag changes
    write_rows(folder / "events.csv", rows)

    report = fixtures_import(folder=folder)

    events = report.file("events.csv")
    assert (events.created, events.updated, events.unchanged) == (0, 2, 1)
    assert report.file("claims.csv").unchanged == 4
    gulf = Event.objects.get(slug="gulf-of-oman-naval-exercise-2024")
    assert (gulf.start, gulf.start_approximate) == (PartialDate(2024, 3), True)
    munitions = Event.objects.get(slug="north-korea-munitions-to-russia")
    assert munitions.participants.get(state="UKR").role == "target"


def test_a_changed_role_or_claim_state_is_an_update_and_a_new_order_is_not(tmp_path):
    fixtures_import(folder=VALID)
    folder = copy_folder(VALID, tmp_path)
    events = read_rows(folder / "events.csv")
    events[2][events[0].index("participants")] = "RUS:signatory;IRN:observer"
    write_rows(folder / "events.csv", events)
    claims = read_rows(folder / "claims.csv")
    claims[1][claims[0].index("states")] = "RUS;PRK;IRN;CHN"  # same states, another order
    claims[3][claims[0].index("states")] = "RUS"  # PRK removed
    write_rows(folder / "claims.csv", claims)

    report = fixtures_import(folder=folder)

    assert (report.file("events.csv").updated, report.file("claims.csv").updated) == (1, 1)
    treaty = Event.objects.get(slug="iran-russia-treaty-2025-01")
    assert treaty.participants.get(state="IRN").role == "observer"
    assert list(Claim.objects.get(slug="nk-2-5-million-rounds").states.values_list("iso3", flat=True)) == ["RUS"]


def test_states_are_found_by_code_name_short_name_or_alias_in_any_case():
    make_states("RUS", "PRK", "CHN", "UKR")
    header = "key,title,summary,type,domains,start,end,place,participants,status\n"
    row = (
        "shells,Shells,,arms_transfer,military,2024,,,dprk:supplier; Russian Federation :recipient;KYIV:target,draft\n"
    )
    make_state("UKR")  # Kyiv is an alias of Ukraine in the factories
    report = csv_file_import(resource_class=EventResource, data=(header + row).encode(), file_name="events.csv")

    assert report.error_lines() == []
    roles = list(Event.objects.get(slug="shells").participants.order_by("pk").values_list("state_id", "role"))
    assert roles == [("PRK", "supplier"), ("RUS", "recipient"), ("UKR", "target")]


def test_a_byte_order_mark_is_accepted():
    data = b"\xef\xbb\xbf" + (VALID / "states.csv").read_bytes()

    report = csv_file_import(resource_class=StateResource, data=data, file_name="states.csv")

    assert report.error_lines() == []
    assert report.file("states.csv").created == 5
    assert State.objects.filter(iso3="CHN").exists()


def test_columns_may_come_in_any_order_and_blank_lines_are_skipped():
    data = "name,iso3,short_name,wikidata_id,aliases,is_axis_member\n\nRussian Federation,RUS,Russia,,,true\n,,,,,\n"

    report = csv_file_import(resource_class=StateResource, data=data.encode(), file_name="states.csv")

    file_report = report.file("states.csv")
    assert report.error_lines() == []
    assert (file_report.rows, file_report.created, file_report.skipped) == (3, 1, 2)
    assert State.objects.get().short_name == "Russia"


def test_a_header_only_file_imports_zero_rows():
    report = csv_file_import(
        resource_class=ClaimResource, data=(VALID / "claims.csv").read_bytes().split(b"\n")[0], file_name="claims.csv"
    )

    assert report.error_lines() == []
    assert report.file("claims.csv").summary() == (
        "claims.csv: 0 rows: 0 created, 0 updated, 0 unchanged, 0 skipped, 0 errors"
    )


def test_a_dry_run_reports_but_writes_nothing():
    before = table_counts()

    report = fixtures_import(folder=VALID, dry_run=True)

    assert report.file("claims.csv").created == 4
    assert not report.committed
    assert table_counts() == before


def test_the_importing_user_and_the_import_run_are_recorded(reviewer):
    user = reviewer  # may publish and retract, as the sample's statuses need

    report = fixtures_import(folder=VALID, user=user)

    assert Event.objects.filter(created_by=user, updated_by=user).count() == 3
    assert EventParticipant.objects.filter(created_by=user).count() == 7
    assert Citation.objects.filter(created_by=user).count() == 6
    contexts = pghistory.models.Context.objects.filter(metadata__import_run=str(report.run_id))
    assert sorted(c.metadata["import_file"] for c in contexts) == sorted(FILES)
    assert {c.metadata["user"] for c in contexts} == {user.pk}
    event_history = Event.pgh_event_model.objects.filter(pgh_obj__slug="iran-russia-treaty-2025-01")
    assert event_history.get().pgh_context.metadata["import_file"] == "events.csv"


def test_an_update_keeps_the_creator_and_records_the_new_editor(django_user_model, tmp_path):
    creator = django_user_model.objects.create_user(username="creator")
    editor = django_user_model.objects.create_user(username="editor")
    make_event(slug="drill", title="Old title", participants={"RUS": "host"}, created_by=creator)
    data = "key,title,summary,type,domains,start,end,place,participants,status\n"
    data += "drill,New title,A naval exercise.,military_exercise,military,2024-03,,Gulf of Oman,RUS:host,published\n"

    report = csv_file_import(resource_class=EventResource, data=data.encode(), file_name="events.csv", user=editor)

    assert report.file("events.csv").updated == 1
    event = Event.objects.get(slug="drill")
    assert (event.title, event.created_by, event.updated_by) == ("New title", creator, editor)


def test_a_user_without_the_publish_permission_cannot_publish_by_import(editor):
    report = fixtures_import(folder=VALID, user=editor)

    assert "events.csv:row 1: column status: value 'published': You may not publish events: " in "\n".join(
        report.error_lines()
    )
    assert "claims.csv:row 4: column status: value 'retracted': You may not retract claims: " in "\n".join(
        report.error_lines()
    )
    assert Event.objects.count() == 0


def test_the_command_prints_counts_per_file(capsys):
    call_command("import_fixtures", str(VALID))

    out = capsys.readouterr().out
    assert "states.csv: 5 rows: 5 created, 0 updated, 0 unchanged, 0 skipped, 0 errors" in out
    assert "citations.csv: 6 rows: 6 created, 0 updated, 0 unchanged, 0 skipped, 0 errors" in out
    assert "Imported" in out


def test_the_command_skips_missing_files_with_a_note(tmp_path, capsys):
    folder = copy_folder(VALID, tmp_path)
    for name in ("relationships.csv", "claims.csv", "citations.csv", "claim_links.csv"):
        (folder / name).unlink()

    call_command("import_fixtures", str(folder))

    out = capsys.readouterr().out
    assert "relationships.csv: skipped: file not found" in out
    assert "events.csv: 3 rows: 3 created" in out
    assert Event.objects.count() == 3


def test_the_command_dry_run_writes_nothing(capsys):
    call_command("import_fixtures", str(VALID), "--dry-run")

    assert "Dry run: no errors" in capsys.readouterr().out
    assert State.objects.count() == 0


def test_the_command_records_a_given_user(reviewer):
    call_command("import_fixtures", str(VALID), "--user", reviewer.username)

    assert State.objects.filter(created_by=reviewer).count() == 5


def test_the_command_refuses_an_unknown_user():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("import_fixtures", str(VALID), "--user", "nobody")
