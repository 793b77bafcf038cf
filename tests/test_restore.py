"""Restore shows what it will change, asks, and restores a record together with its parts
(an event's participants, a claim's citations and state links) as one recorded change;
a deleted record is listed for reviewers and restored with its parts, or refused saying why.

A version is what one context (request, command) wrote in one transaction. Inside one
test transaction, a later change is made in a context of its own (``later()``); the tests
of parts run each step in its own transaction, as real use does.
"""

import pghistory
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from curation.history.queries import history_entries, history_events
from curation.history.services import deleted_record_restore, version_restore
from curation.partial_dates import PartialDate
from events.models import Event, EventParticipant
from sources.models import Citation, Claim, Source
from sources.services import claim_retract
from tests.factories import make_claim, make_event, make_source, make_state, make_user

pytestmark = pytest.mark.django_db


def admin_url(record_or_model, view, *args):
    opts = record_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def restore_url(record, number):
    return admin_url(record, "restore", record.pk, number)


def later():
    """A change made later, by someone else: a version of its own."""
    return pghistory.context(note="a later change")


def entries(record):
    return history_entries(record, history_events(record))


def restores(record):
    return [entry for entry in entries(record) if entry.context.get("action") == "restore"]


# --- restoring a version: preview, confirmation, one recorded change -------------------------


def test_the_preview_shows_field_by_field_what_will_change_and_changes_nothing(reviewer_client):
    event = make_event(title="Original", summary="First words.", status="draft")
    with later():
        Event.objects.filter(pk=event.pk).update(title="Vandalised", summary="")

    page = reviewer_client.get(restore_url(event, 1))
    assert page.status_code == 200
    html = page.content.decode()
    changes = {(c.field, c.before, c.after) for c in page.context["plan"].changes}
    assert ("title", "Vandalised", "Original") in changes
    assert ("summary", "—", "First words.") in changes
    assert "Yes, restore version 1" in html and "No, take me back" in html
    event.refresh_from_db()
    assert event.title == "Vandalised"  # looking changes nothing


def test_confirming_restores_and_the_history_names_the_restore(reviewer, reviewer_client):
    event = make_event(title="Original", summary="First words.", start=PartialDate(2024, 3), status="draft")
    with later():
        Event.objects.filter(pk=event.pk).update(title="Vandalised", summary="", domains=[])

    response = reviewer_client.post(restore_url(event, 1), follow=True)
    assert response.redirect_chain[-1][0] == admin_url(event, "history", event.pk)
    assert "was restored to version 1" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.summary, event.domains, event.start) == (
        "Original",
        "First words.",
        ["military"],
        PartialDate(2024, 3),
    )
    assert event.updated_by == reviewer
    newest = response.context["entries"][0]
    assert (newest.number, newest.what, newest.user, newest.is_current) == (3, "Restored version 1", reviewer, True)
    assert [entry.number for entry in response.context["entries"]] == [3, 2, 1]
    assert "restored_from" not in response.content.decode()  # words, not raw context


def test_restore_changes_only_on_a_post_with_a_csrf_token(reviewer):
    event = make_event(title="Original")
    with later():
        Event.objects.filter(pk=event.pk).update(title="Changed")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.get(restore_url(event, 1)).status_code == 200  # the preview
    assert client.post(restore_url(event, 1)).status_code == 403  # no CSRF token
    event.refresh_from_db()
    assert event.title == "Changed"

    page = client.get(restore_url(event, 1))
    token = page.cookies["csrftoken"].value
    assert client.post(restore_url(event, 1), {"csrfmiddlewaretoken": token}).status_code == 302
    event.refresh_from_db()
    assert event.title == "Original"


def test_a_restore_whose_key_is_taken_is_refused_in_the_preview_and_on_confirmation(reviewer_client):
    event = make_event(slug="drill")
    with later():
        Event.objects.filter(pk=event.pk).update(slug="drill-2024")
        make_event(slug="drill", title="Another drill")  # the old key now belongs to another event

    preview = reviewer_client.get(restore_url(event, 1))
    html = preview.content.decode()
    assert "cannot be restored now" in html and "Another drill" in html
    assert "Yes, restore" not in html
    response = reviewer_client.post(restore_url(event, 1), follow=True)
    assert "Nothing was restored" in response.content.decode()
    event.refresh_from_db()
    assert event.slug == "drill-2024"


def test_a_version_that_does_not_exist_is_a_404_and_refused_by_the_service(reviewer, reviewer_client):
    event = make_event()
    assert reviewer_client.get(restore_url(event, 7)).status_code == 404
    with pytest.raises(ValidationError, match="no version 7"):
        version_restore(record=event, version=7, user=reviewer)


def test_restoring_a_different_status_needs_the_workflow_permission(editor):
    """restore_event alone does not let one publish: a published version needs publish_event too."""
    event = make_event(status="published")
    with later():
        Event.objects.filter(pk=event.pk).update(status="draft")
    editor.user_permissions.add(Permission.objects.get(codename="restore_event"))
    editor = type(editor).objects.get(pk=editor.pk)  # fresh permission cache
    with pytest.raises(PermissionDenied, match="publish"):
        version_restore(record=event, version=1, user=editor)
    event.refresh_from_db()
    assert event.status == "draft"
    client = Client()
    client.force_login(editor)
    assert "You may not publish events" in client.get(restore_url(event, 1)).content.decode()


def test_a_claim_is_restored_with_its_retraction(reviewer):
    claim = make_claim()
    claim_retract(claim=claim, reason="The figure was withdrawn.", user=reviewer)
    with later():
        Claim.objects.filter(pk=claim.pk).update(status="draft", retraction_reason="")
    restored = version_restore(record=claim, version=2, user=reviewer)
    assert (restored.status, restored.retraction_reason) == ("retracted", "The figure was withdrawn.")


def test_restore_needs_the_restore_permission(editor, editor_client):
    event = make_event(title="Original")
    with later():
        Event.objects.filter(pk=event.pk).update(title="Changed")
    with pytest.raises(PermissionDenied):
        version_restore(record=event, version=1, user=editor)
    with pytest.raises(PermissionDenied):
        version_restore(record=event, version=1, user=make_user("stranger"))
    assert editor_client.get(restore_url(event, 1)).status_code == 403
    assert editor_client.post(restore_url(event, 1)).status_code == 403


# --- a record with its parts (each step its own transaction, as in real use) -----------------


@pytest.mark.django_db(transaction=True)
def test_an_event_is_restored_with_its_participants_as_one_change(reviewer):
    with transaction.atomic():  # one save: version 1 is the event with its participants
        event = make_event(title="Naval drill", participants={"CHN": "host", "RUS": "participant"})
    # Later, in other transactions: the title, a role, a participant removed and one added.
    Event.objects.filter(pk=event.pk).update(title="Naval drill (edited)")
    EventParticipant.objects.filter(event=event, state="CHN").update(role="observer")
    EventParticipant.objects.filter(event=event, state="RUS").delete()
    EventParticipant.objects.create(event=event, state=make_state("IRN"), role="participant")
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)

    preview = reviewer_client.get(restore_url(event, 1))
    actions = {(part.action, part.subject) for part in preview.context["plan"].parts}
    assert ("insert", "participant: state Russia (RUS), role Participant") in actions
    assert ("delete", "participant: state Iran (IRN), role Participant") in actions
    assert ("update", "participant: state China (CHN), role Host") in actions
    [update] = [part for part in preview.context["plan"].parts if part.action == "update"]
    assert [(c.field, c.before, c.after) for c in update.changes] == [("role", "Observer", "Host")]

    assert reviewer_client.post(restore_url(event, 1)).status_code == 302
    event.refresh_from_db()
    assert event.title == "Naval drill"
    assert sorted(event.participants.values_list("state", "role")) == [("CHN", "host"), ("RUS", "participant")]
    [restore] = restores(event)
    assert restore.what == "Restored version 1"
    assert restore.user == reviewer
    assert {(p.label, p.subject.split(",")[0]) for p in restore.parts} == {
        ("update", "participant: state China (CHN)"),
        ("delete", "participant: state Iran (IRN)"),
        ("insert", "participant: state Russia (RUS)"),
    }


@pytest.mark.django_db(transaction=True)
def test_a_claim_is_restored_with_its_citation_locator_and_state_links(reviewer):
    source = make_source(title="RAND report")
    with transaction.atomic():
        claim = make_claim(sources=[source], states=["PRK"], statement="North Korea sent shells.")
    citation = claim.citations.get()
    Claim.objects.filter(pk=claim.pk).update(statement="North Korea sent many shells.")
    Citation.objects.filter(pk=citation.pk).update(locator="page 99")
    claim.states.add(make_state("RUS"))

    version_restore(record=claim, version=1, user=reviewer)
    claim.refresh_from_db()
    assert claim.statement == "North Korea sent shells."
    assert claim.citations.get().locator == "para 1"
    assert list(claim.states.values_list("iso3", flat=True)) == ["PRK"]
    assert len(restores(claim)) == 1


# --- deleted records ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_deleted_claim_is_listed_and_restored_with_its_citations(reviewer, superuser):
    sources = [make_source(title="RAND report"), make_source(title="Reuters report")]
    claim = make_claim(sources=sources, states=["PRK"], slug="nk-shells", statement="North Korea sent shells.")
    pk, citations = claim.pk, sorted(claim.citations.values_list("pk", "source", "quote"))
    admin = Client()
    admin.force_login(superuser)
    assert admin.post(admin_url(claim, "delete", pk), {"post": "yes"}).status_code == 302
    assert not Claim.objects.filter(pk=pk).exists() and not Citation.objects.filter(claim=pk).exists()

    client = Client()
    client.force_login(reviewer)
    listing = client.get(admin_url(Claim, "deleted"))
    assert listing.status_code == 200
    [row] = listing.context["deleted"]
    assert row["pk"] == pk and "North Korea sent shells." in row["name"] and row["user"] == superuser
    assert "Deleted claims" in client.get(admin_url(Claim, "changelist")).content.decode()  # the way there

    preview = client.get(row["restore_url"])
    assert preview.status_code == 200
    assert {part.action for part in preview.context["plan"].parts} == {"insert"}
    assert len(preview.context["plan"].parts) == 3  # two citations and the state link
    response = client.post(row["restore_url"])
    assert response.status_code == 302 and response["Location"] == admin_url(Claim, "change", pk)

    claim = Claim.objects.get(pk=pk)
    assert claim.slug == "nk-shells" and claim.statement == "North Korea sent shells."
    assert sorted(claim.citations.values_list("pk", "source", "quote")) == citations
    assert list(claim.states.values_list("iso3", flat=True)) == ["PRK"]
    [restore] = restores(claim)
    assert restore.what == "Restored after its deletion" and restore.user == reviewer
    assert len(restore.parts) == 3
    assert client.get(admin_url(Claim, "deleted")).context["deleted"] == []


@pytest.mark.django_db(transaction=True)
def test_an_event_deleted_with_its_participants_comes_back_with_them(reviewer):
    event = make_event(title="Drill", participants={"CHN": "host", "IRN": "participant"}, status="draft")
    pk = event.pk
    event.delete()
    restored = deleted_record_restore(model=Event, pk=pk, user=reviewer)
    assert restored.title == "Drill" and restored.created_at == event.created_at
    assert sorted(Event.objects.get(pk=pk).participants.values_list("state", "role")) == [
        ("CHN", "host"),
        ("IRN", "participant"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_deleted_record_whose_references_are_gone_is_refused_with_a_clear_message(reviewer):
    source = make_source(title="Vanished report")
    claim = make_claim(sources=[source])
    pk = claim.pk
    claim.delete()
    Source.objects.filter(pk=source.pk).delete()  # nothing cites it any more

    client = Client()
    client.force_login(reviewer)
    url = admin_url(Claim, "undelete", pk)
    html = client.get(url).content.decode()
    assert "refers to the source “Vanished report (Reuters)”, which no longer exists" in html
    assert "Yes, restore it" not in html
    response = client.post(url, follow=True)
    assert "Nothing was restored" in response.content.decode()
    assert not Claim.objects.filter(pk=pk).exists()
    with pytest.raises(ValidationError, match="no longer exists"):
        deleted_record_restore(model=Claim, pk=pk, user=reviewer)


def test_only_reviewers_see_and_restore_deleted_records(editor_client, reviewer_client):
    event = make_event(status="draft")
    pk = event.pk
    event.delete()
    assert editor_client.get(admin_url(Event, "deleted")).status_code == 403
    assert editor_client.post(admin_url(Event, "undelete", pk)).status_code == 403
    assert "Deleted events" not in editor_client.get(admin_url(Event, "changelist")).content.decode()
    assert not Event.objects.filter(pk=pk).exists()
    assert reviewer_client.post(admin_url(Event, "undelete", pk)).status_code == 302
    assert Event.objects.filter(pk=pk).exists()


def test_putting_a_deleted_published_record_back_needs_the_publish_permission(editor):
    event = make_event(status="published")
    pk = event.pk
    event.delete()
    editor.user_permissions.add(Permission.objects.get(codename="restore_event"))
    editor = type(editor).objects.get(pk=editor.pk)
    with pytest.raises(PermissionDenied, match="publish"):
        deleted_record_restore(model=Event, pk=pk, user=editor)
    assert not Event.objects.filter(pk=pk).exists()


def test_a_restore_the_database_refuses_is_refused_in_words_and_changes_nothing(reviewer_client):
    """Restoring a tie to a period that now overlaps another same tie: only PostgreSQL can tell."""
    from events.models import Relationship
    from tests.factories import make_relationship

    tie = make_relationship("RUS", "PRK", kind="arms_supplier", start=PartialDate(2020), end=PartialDate(2021))
    with later():
        Relationship.objects.filter(pk=tie.pk).update(start=PartialDate(2023), end=None)
        make_relationship("RUS", "PRK", kind="arms_supplier", start=PartialDate(2019), end=PartialDate(2022))

    response = reviewer_client.post(restore_url(tie, 1), follow=True)
    html = response.content.decode()
    assert "Nothing was restored. These two states already have this kind of tie in an overlapping period" in html
    tie.refresh_from_db()
    assert tie.start == PartialDate(2023)
