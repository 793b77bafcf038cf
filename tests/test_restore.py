"""A reviewer restores an earlier version in one POST; the restore is itself recorded."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from curation.history.services import version_restore
from curation.partial_dates import PartialDate
from events.models import Event
from sources.models import Claim
from sources.services import claim_retract
from tests.factories import make_claim, make_event, make_user

pytestmark = pytest.mark.django_db


def restore_url(record, version_id):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_restore", args=[record.pk, version_id])


def history_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])


def test_a_reviewer_restores_a_version_in_one_post_and_the_restore_is_recorded(reviewer, reviewer_client):
    event = make_event(title="Original", summary="First words.", start=PartialDate(2024, 3), status="draft")
    original = event.events.get()
    Event.objects.filter(pk=event.pk).update(title="Vandalised", summary="", domains=[])

    response = reviewer_client.post(restore_url(event, original.pgh_id), follow=True)
    assert response.redirect_chain[-1][0] == history_url(event)
    assert "was restored to version" in response.content.decode()

    event.refresh_from_db()
    assert (event.title, event.summary, event.domains, event.start) == (
        "Original",
        "First words.",
        ["military"],
        PartialDate(2024, 3),
    )
    assert event.updated_by == reviewer
    restore = event.events.order_by("-pgh_id").first()
    assert restore.pgh_label == "update"
    assert restore.pgh_context.metadata["restored_from"] == original.pgh_id
    assert restore.pgh_context.metadata["user"] == reviewer.pk
    # ... and the history page shows it, by whom.
    entries = response.context["entries"]
    newest = next(e for e in entries if e.is_own)
    assert newest.version_id == restore.pgh_id and newest.user == reviewer and newest.is_current
    assert f"restored_from: {original.pgh_id}" in newest.via


def test_restore_is_post_only_and_csrf_protected(reviewer):
    event = make_event(title="Original")
    version = event.events.get().pgh_id
    Event.objects.filter(pk=event.pk).update(title="Changed")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.get(restore_url(event, version)).status_code == 405
    assert client.post(restore_url(event, version)).status_code == 403  # no CSRF token
    event.refresh_from_db()
    assert event.title == "Changed"

    page = client.get(history_url(event))
    token = page.cookies["csrftoken"].value
    assert client.post(restore_url(event, version), {"csrfmiddlewaretoken": token}).status_code == 302
    event.refresh_from_db()
    assert event.title == "Original"


def test_a_restore_that_no_longer_fits_is_refused_with_a_message(reviewer_client):
    event = make_event(slug="drill")
    first = event.events.get().pgh_id
    Event.objects.filter(pk=event.pk).update(slug="drill-2024")
    make_event(slug="drill")  # the old key now belongs to another event
    response = reviewer_client.post(restore_url(event, first), follow=True)
    assert "Could not restore" in response.content.decode()
    event.refresh_from_db()
    assert event.slug == "drill-2024"


def test_a_version_of_another_record_is_refused(reviewer):
    one, other = make_event(), make_event()
    with pytest.raises(ValidationError, match="is not a version of"):
        version_restore(record=one, version_id=other.events.get().pgh_id, user=reviewer)


def test_restoring_a_different_status_needs_the_workflow_permission(editor):
    """restore_event alone does not let one publish: a published version needs publish_event too."""
    event = make_event(status="published")
    published = event.events.get().pgh_id
    Event.objects.filter(pk=event.pk).update(status="draft")
    editor.user_permissions.add(Permission.objects.get(codename="restore_event"))
    editor = type(editor).objects.get(pk=editor.pk)  # fresh permission cache
    with pytest.raises(PermissionDenied, match="publish"):
        version_restore(record=event, version_id=published, user=editor)
    event.refresh_from_db()
    assert event.status == "draft"


def test_a_claim_is_restored_with_its_retraction(reviewer):
    claim = make_claim()
    claim_retract(claim=claim, reason="The figure was withdrawn.", user=reviewer)
    retracted = claim.events.order_by("-pgh_id").first().pgh_id
    Claim.objects.filter(pk=claim.pk).update(status="draft", retraction_reason="")
    restored = version_restore(record=claim, version_id=retracted, user=reviewer)
    assert (restored.status, restored.retraction_reason) == ("retracted", "The figure was withdrawn.")


def test_restore_needs_the_restore_permission(editor):
    event = make_event(title="Original")
    version = event.events.get().pgh_id
    with pytest.raises(PermissionDenied):
        version_restore(record=event, version_id=version, user=editor)
    with pytest.raises(PermissionDenied):
        version_restore(record=event, version_id=version, user=make_user("stranger"))
