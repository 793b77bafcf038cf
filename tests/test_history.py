"""Every change is recorded (admin, code, bulk .update(), delete, a real shell),
with who and when, and each record's admin history page shows it field by field."""

import os

import pytest
from django.urls import reverse

from events.models import Event, EventParticipant
from tests.admin_forms import form_data
from tests.factories import make_claim, make_event, make_source, make_state, make_user
from tests.subprocesses import current_database_url, manage

pytestmark = pytest.mark.django_db


def versions(record):
    return list(record.events.order_by("pgh_id"))


def history_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])


def test_an_admin_change_is_recorded_with_its_user_and_url(editor, editor_client):
    event = make_event(title="Naval drill", status="draft")
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(editor_client.get(url))
    data["title"] = ["Naval drill in the Gulf of Oman"]
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    last = versions(event)[-1]
    assert last.pgh_label == "update"
    assert last.title == "Naval drill in the Gulf of Oman"
    assert last.pgh_context.metadata["user"] == editor.pk
    assert last.pgh_context.metadata["url"] == url


def test_code_saves_bulk_updates_and_deletes_are_all_recorded():
    event = make_event(title="Before")
    assert [v.pgh_label for v in versions(event)] == ["insert"]

    event.summary = "Saved from code."
    event.save()
    # A queryset update never calls save(): only a database trigger sees it.
    Event.objects.filter(pk=event.pk).update(title="After a bulk update")
    assert [(v.pgh_label, v.title) for v in versions(event)] == [
        ("insert", "Before"),
        ("update", "Before"),
        ("update", "After a bulk update"),
    ]

    participant = event.participants.get()
    pk = participant.pk
    participant.delete()
    deleted = EventParticipant.pgh_event_model.objects.filter(pgh_obj_id=pk, pgh_label="delete")
    assert deleted.count() == 1


def test_the_history_page_shows_who_changed_what(editor, editor_client, reviewer, reviewer_client):
    event = make_event(title="Naval drill", status="draft", participants={"RUS": "host"})
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(editor_client.get(url))
    data["title"] = ["Naval drill, renamed"]
    assert editor_client.post(url, data).status_code == 302

    page = reviewer_client.get(history_url(event))
    assert page.status_code == 200
    html = page.content.decode()
    assert "edith" in html
    assert "Naval drill, renamed" in html and "<del>Naval drill</del>" in html
    entries = page.context["entries"]
    assert [(e.number, e.label, e.what) for e in entries] == [(2, "update", "Changed"), (1, "insert", "Created")]
    update, created = entries
    assert update.user == editor and update.origin == "in the admin"
    assert [(c.field, c.before, c.after) for c in update.changes] == [("title", "Naval drill", "Naval drill, renamed")]
    # The participant row is part of the event: its creation is in the same version as the event's.
    [part] = created.parts
    assert part.subject == "participant: state Russia (RUS), role Host" and part.verb == "added"


def test_the_change_page_links_to_the_history_page(editor_client):
    event = make_event()
    html = editor_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert f'href="{history_url(event)}"' in html


def test_history_values_are_shown_as_editors_write_them(admin_client):
    import pghistory

    from curation.partial_dates import PartialDate

    event = make_event(domains=["military"])
    with pghistory.context(note="a later change"):  # each change a version of its own
        Event.objects.filter(pk=event.pk).update(domains=["military", "energy"], type="arms_transfer")
    with pghistory.context(note="another change"):
        event.refresh_from_db()
        event.start = PartialDate(2024, 3, 17)
        event.save()
    entries = admin_client.get(history_url(event)).context["entries"]
    changes = {c.field: (c.before, c.after) for e in entries if e.label == "update" for c in e.changes}
    assert changes["domains"] == ("Military", "Military, Energy")
    assert changes["type"] == ("Military exercise", "Arms transfer")
    assert changes["start"] == ("2024-03", "2024-03-17")


def test_a_claims_history_includes_its_citations_and_state_links(admin_client):
    source = make_source(title="RAND report")
    claim = make_claim(sources=[source], states=["PRK"])
    entries = admin_client.get(history_url(claim)).context["entries"]
    subjects = [part.subject for e in entries for part in e.parts]
    assert any(s.startswith("citation: ") and "RAND report" in s for s in subjects)
    assert "state link: state North Korea (PRK)" in subjects


def test_the_history_page_needs_view_permission(client):
    event = make_event()
    client.force_login(make_user("nobody"))
    assert client.get(history_url(event)).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_real_shell_session_is_recorded_with_the_command_and_os_user():
    event = make_event(title="Before the shell")
    code = f"from events.models import Event; Event.objects.filter(pk={event.pk}).update(title='Changed in a shell')"
    result = manage("shell", "-c", code, env={**os.environ, "DATABASE_URL": current_database_url()})
    assert result.returncode == 0, result.stderr
    last = versions(event)[-1]
    assert last.title == "Changed in a shell"
    metadata = last.pgh_context.metadata
    assert metadata["command"] == "shell"
    assert metadata["os_user"]


# --- versions numbered per record, each change in words ---------------------------------


def test_a_claims_versions_are_numbered_1_2_3_whatever_its_citations_ids(editor_client, admin_client):
    """A claim saved with two citations, then its citation's locator changed: versions 1 and 2,
    not the pgh ids of the claim's and the citations' tables."""
    make_source(title="Unrelated")  # other rows in the history tables
    source = make_source(title="RAND report")
    claim = make_claim(sources=[source], states=["PRK"])
    url = reverse("admin:sources_claim_change", args=[claim.pk])
    data = form_data(editor_client.get(url))
    data["citations-0-locator"] = ["page 7"]
    assert editor_client.post(url, data).status_code == 302

    entries = admin_client.get(history_url(claim)).context["entries"]
    assert [e.number for e in entries] == [2, 1]
    [changed] = [part for part in entries[0].parts]
    assert changed.label == "update" and [(c.field, c.after) for c in changed.changes] == [("locator", "page 7")]
    html = admin_client.get(history_url(claim)).content.decode()
    assert 'data-version="2"' in html and 'data-version="1"' in html


def test_each_change_is_described_in_words(reviewer, admin_client):
    import pghistory

    from curation.csvio.services import csv_file_import
    from curation.history.services import version_restore
    from curation.workflow.services import record_publish, record_unpublish
    from events.csv_files import EventResource
    from sources.services import claim_retract

    make_state("RUS")
    csv = b"key,title,summary,type,domains,start,end,place,participants,status\n"
    csv += b"drill,Drill,,military_exercise,military,2024-03,,,RUS:host,draft\n"
    report = csv_file_import(resource_class=EventResource, data=csv, file_name="events.csv", user=reviewer)
    assert report.committed
    event = Event.objects.get(slug="drill")
    record_publish(record=event, user=reviewer)
    record_unpublish(record=event, user=reviewer)
    with pghistory.context(command="shell", os_user="ana"):
        Event.objects.filter(pk=event.pk).update(title="Drill (shell)")
    version_restore(record=event, version=1, user=reviewer)
    claim = make_claim(event=event)
    claim_retract(claim=claim, reason="Withdrawn by its source.", user=reviewer)

    entries = admin_client.get(history_url(event)).context["entries"]
    assert [(e.number, e.what) for e in entries] == [
        (5, "Restored version 1"),
        (4, "Changed"),
        (3, "Returned to draft"),
        (2, "Published"),
        (1, "Imported from events.csv"),
    ]
    assert entries[1].origin == "by manage.py shell (OS user ana)"
    newest = admin_client.get(history_url(claim)).context["entries"][0]
    assert newest.what == "Retracted: Withdrawn by its source."
