"""The importers' set-based writes (issue 11, speed): new rows COPY-ed into a staging table, then one
INSERT ... SELECT per table; the history records every row with the import's context, the texts arrive
byte for byte, and the report stays exact when one import creates, updates, leaves and refuses records."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from curation.copying import model_rows, staged_insert
from datasets.models import ImportedRecord
from datasets.services import sipri_register_import
from events.models import Event, EventParticipant, State, StateName
from sources.models import Citation, Claim
from tests.factories import make_state, make_user
from tests.test_datasets_sipri import excerpt_bytes, with_line
from tests.test_datasets_sipri_import import event_of, line_of

pytestmark = pytest.mark.django_db


def run(data: bytes | None = None, **options):
    options.setdefault("add_states", True)
    return sipri_register_import(stream=io.BytesIO(data or excerpt_bytes()), file_name="excerpt.csv", **options)


def test_staged_insert_returns_the_keys_and_keeps_every_character():
    make_state("RUS")
    texts = ["tab\there", "line\nbreak", "back\\slash", "quote \"and\" 'these'", "Santa Fé", r"\N", ""]
    values = [
        {
            "slug": f"text-{n}",
            "title": text or "empty",
            "summary": text,
            "type": "arms_transfer",
            "domains": ["military"],
        }
        for n, text in enumerate(texts)
    ]
    columns, rows = model_rows(Event, values, now=timezone.now())
    ids = dict(staged_insert(Event, columns, rows, returning=("slug", "id")))
    assert set(ids) == {f"text-{n}" for n in range(len(texts))}
    for n, text in enumerate(texts):
        event = Event.objects.get(pk=ids[f"text-{n}"])
        assert (event.slug, event.summary, event.domains, event.start) == (f"text-{n}", text, ["military"], None)


def test_every_row_is_in_the_history_with_the_imports_context_and_its_user():
    editor = make_user()
    report = run(user=editor)
    assert report.committed
    shahed = event_of("Shahed-136", "RUS")
    claim = shahed.claims.get()
    assert (shahed.created_by, claim.updated_by, claim.citations.get().created_by) == (editor, editor, editor)
    records = [
        (Event, shahed.pk),
        (EventParticipant, shahed.participants.first().pk),
        (Claim, claim.pk),
        (Citation, claim.citations.get().pk),
    ]
    for model, pk in records:
        (inserted,) = model.pgh_event_models["insert"].objects.filter(pgh_obj_id=pk)
        assert inserted.pgh_context.metadata["dataset"] == "sipri", model
        assert inserted.pgh_context.metadata["import_file"] == "excerpt.csv", model
        assert inserted.pgh_context.metadata["user"] == editor.pk, model


def test_each_imported_row_has_exactly_one_insert_history_row_holding_its_values():
    run()
    for model in (Event, EventParticipant, Claim, Citation):
        history = model.pgh_event_models["insert"]
        tracked = [f.attname for f in history._meta.concrete_fields if not f.attname.startswith("pgh_")]
        rows = {row["id"]: row for row in model.objects.values(*tracked)}
        recorded = list(history.objects.filter(pgh_label="insert").values("pgh_obj_id", *tracked))
        assert len(recorded) == len(rows) > 0, model
        for row in recorded:
            assert row.pop("pgh_obj_id") == row["id"], model
            assert row == rows[row["id"]], model


def test_a_rejoined_deals_quote_keeps_its_line_break():
    run()
    quote = Citation.objects.get(claim__event__title__startswith="vehicle engine").quote
    assert "\n" in quote and quote.startswith("Cote d'Ivoire,United States,2024,")


def test_one_import_creating_updating_leaving_and_refusing_reports_each_exactly():
    run()
    counts = {model: model.objects.count() for model in (Event, EventParticipant, Claim, Citation, ImportedRecord)}
    edited = event_of("Hwasong-11", "RUS")
    edited.summary = "An editor's summary."
    edited.save()
    data = excerpt_bytes()
    data = with_line(data, line_of(b"Shahed-136"), b",4600,,2022; 2023; 2024,", b",5600,,2022; 2023; 2024; 2025,")
    data = with_line(data, line_of(b"Hwasong-11"), b",100,,2023; 2024,", b",120,,2023; 2024,")
    data += b"Russia,Iran,2024,,10,,Shahed-238,one-way attack drone,,,,New,,0.1,1,\r\n"

    report = run(data)

    events = report.counts("events.event")
    assert (events["created"], events["updated"], events["unchanged"], events["conflicts"]) == (1, 1, 16, 1)
    claims = report.counts("sources.claim")
    assert (claims["created"], claims["updated"], claims["unchanged"], claims["conflicts"]) == (1, 2, 16, 0)
    assert Event.objects.count() == counts[Event] + 1
    assert EventParticipant.objects.count() == counts[EventParticipant] + 2
    assert Claim.objects.count() == Citation.objects.count() == counts[Claim] + 1
    assert ImportedRecord.objects.count() == counts[ImportedRecord] + 2
    assert event_of("Shahed-136", "RUS").end.value == "2025"
    assert event_of("Shahed-238", "RUS").participants.count() == 2
    edited.refresh_from_db()
    assert edited.summary == "An editor's summary."
    assert run(data).total("created") == 0  # and the third import finds it all written


def test_the_states_an_import_adds_are_written_by_one_insert_with_their_names():
    with CaptureQueriesContext(connection) as queries:
        report = run()
    assert report.committed
    state_inserts = [q["sql"] for q in queries if 'INSERT INTO "events_state" ' in q["sql"]]
    assert len(state_inserts) == 1  # every state of the (one-batch) excerpt, in one statement
    assert "created the state Soviet Union (SUN)" in report.states_added
    soviet = State.objects.resolve("Union of Soviet Socialist Republics")
    assert (soviet.iso3, soviet.valid_until.value) == ("SUN", "1991-12-26")
    added = {entry.rsplit("(", 1)[1].rstrip(")") for entry in report.states_added}
    assert set(State.objects.filter(iso3__in=added).values_list("iso3", flat=True)) == added
    assert {name.state_id for name in StateName.objects.filter(state__in=added)} == added
    assert State.pgh_event_models["insert"].objects.filter(pgh_obj_id__in=added).count() == len(added)


def test_a_name_another_state_holds_refuses_the_new_state_and_stops_the_import():
    make_state("ZZZ", name="Zed", short_name="Zed", aliases=["Union of Soviet Socialist Republics"])
    report = run()
    assert not report.committed
    assert report.unknown["Soviet Union"] >= 1
    refusal = next(entry for entry in report.states_added if entry.startswith("could not add Soviet Union"))
    assert "'Union of Soviet Socialist Republics'" in refusal and "Zed (ZZZ)" in refusal
    assert not State.objects.filter(iso3="SUN").exists()


def test_new_claims_are_not_rewritten_by_the_recount_of_their_citations():
    def claim_updates():
        with connection.cursor() as cursor:
            cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'sources_claim'")
            row = cursor.fetchone()
        return row[0] if row else 0

    before = claim_updates()
    report = run()
    assert report.committed and report.counts("sources.claim")["created"] > 0
    assert claim_updates() == before  # the triggers recounted and found nothing to change
    imported = Claim.objects.filter(slug__in=ImportedRecord.objects.filter(model="sources.claim").values("slug"))
    assert set(imported.values_list("origin_count", "circular_reporting")) == {(1, False)}


def _history_of(event: Event) -> list[str]:
    return list(event.events.values_list("pgh_label", flat=True))


def test_the_insert_trigger_stands_aside_for_the_staged_statement_only():
    make_state("RUS")
    columns, rows = model_rows(
        Event, [{"slug": "staged", "title": "Staged", "type": "arms_transfer"}], now=timezone.now()
    )
    staged_insert(Event, columns, rows)
    # One history row, written by the statement (the trigger stood aside, or there would be two) ...
    assert _history_of(Event.objects.get(slug="staged")) == ["insert"]
    # ... and the next insert of the same transaction is recorded by the trigger again.
    assert _history_of(Event.objects.create(slug="after", title="After", type="arms_transfer")) == ["insert"]


def test_a_refused_staged_insert_leaves_the_trigger_recording():
    from django.db import IntegrityError

    make_state("RUS")
    Event.objects.create(slug="taken", title="Taken", type="arms_transfer")
    columns, rows = model_rows(
        Event, [{"slug": "taken", "title": "Again", "type": "arms_transfer"}], now=timezone.now()
    )
    with pytest.raises(IntegrityError):  # no savepoint of ours: staged_insert's own must undo the setting
        staged_insert(Event, columns, rows)
    # What an importer writes next, one row at a time to find the refused one, is recorded.
    assert _history_of(Event.objects.create(slug="next", title="Next", type="arms_transfer")) == ["insert"]
