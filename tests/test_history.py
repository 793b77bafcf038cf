"""Every change is recorded (admin, code, bulk .update(), delete, a real shell),
with who and when, and each record's admin history page shows it field by field."""

import os

import pytest
from django.urls import reverse

from events.models import Event, EventParticipant
from tests.admin_forms import form_data
from tests.factories import make_claim, make_event, make_source, make_user
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
    assert [e.label for e in entries if e.is_own] == ["update", "insert"]
    update = next(e for e in entries if e.is_own)  # one test transaction: every change has the same time
    assert update.user == editor
    assert [(c.field, c.before, c.after) for c in update.changes] == [("title", "Naval drill", "Naval drill, renamed")]
    # The participant row is part of the event: its creation is in the same history.
    part = next(e for e in entries if not e.is_own)
    assert part.subject.startswith("event participant: ") and "Russia" in part.subject and "Host" in part.subject


def test_the_change_page_links_to_the_history_page(editor_client):
    event = make_event()
    html = editor_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert f'href="{history_url(event)}"' in html


def test_history_values_are_shown_as_editors_write_them(admin_client):
    event = make_event(domains=["military"])
    Event.objects.filter(pk=event.pk).update(domains=["military", "energy"], type="arms_transfer")
    from curation.partial_dates import PartialDate

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
    subjects = [e.subject for e in entries if not e.is_own]
    assert any(s.startswith("citation: ") and "RAND report" in s for s in subjects)
    assert any(s.startswith("link: ") and "North Korea" in s for s in subjects)


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
