"""Draft -> published (claims also retracted, with a reason): editors work on drafts and
cannot change a status; reviewers publish, return to draft and retract, through services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from curation.workflow.services import record_publish, record_unpublish
from events.models import Event, Relationship, State
from sources.models import Claim, Source
from sources.services import claim_retract
from tests.admin_forms import form_data
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def run_action(client, model, action, records, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in records], **extra}
    return client.post(url(model, "changelist"), data)


def last_context(record):
    return record.events.order_by("-pgh_id").first().pgh_context.metadata


def test_an_editor_creates_drafts_only(editor_client):
    make_state("RUS")
    page = editor_client.get(url(Event, "add"))
    data = form_data(page)
    assert "status" not in data  # read-only for editors
    data.update(
        {
            "title": ["Drill"],
            "slug": ["drill"],
            "type": ["military_exercise"],
            "start": ["2024-03"],
            "participants-0-state": ["RUS"],
            "participants-0-role": ["host"],
            "status": ["published"],  # forged: must be ignored
        }
    )
    response = editor_client.post(url(Event, "add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert Event.objects.get(slug="drill").status == "draft"


def test_an_editor_edits_a_published_record_without_changing_its_status(editor_client):
    event = make_event(title="Published drill", status="published")
    data = form_data(editor_client.get(url(Event, "change", event.pk)))
    data["title"] = ["Published drill, corrected"]
    data["status"] = ["draft"]  # forged
    assert editor_client.post(url(Event, "change", event.pk), data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.status) == ("Published drill, corrected", "published")


def test_an_editor_cannot_retract_through_the_claim_form(editor_client):
    claim = make_claim(status="published", states=["RUS"])
    data = form_data(editor_client.get(url(Claim, "change", claim.pk)))
    assert "status" not in data and "retraction_reason" not in data
    data.update({"status": ["retracted"], "retraction_reason": ["forged"], "claimant": ["Reuters, corrected"]})
    assert editor_client.post(url(Claim, "change", claim.pk), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.claimant, claim.status, claim.retraction_reason) == ("Reuters, corrected", "published", "")


def test_an_editor_cannot_run_the_workflow_actions(editor_client):
    event = make_event(status="draft")
    claim = make_claim(status="published")
    run_action(editor_client, Event, "publish_selected", [event])
    run_action(editor_client, Claim, "retract_selected", [claim], post="yes", retraction_reason="forged")
    event.refresh_from_db()
    claim.refresh_from_db()
    assert event.status == "draft" and claim.status == "published"


@pytest.mark.parametrize(
    ("model", "factory"),
    [(Event, make_event), (Relationship, make_relationship), (Source, make_source), (Claim, make_claim)],
    ids=["event", "relationship", "source", "claim"],
)
def test_a_reviewer_publishes_and_returns_to_draft(model, factory, reviewer, reviewer_client):
    record = factory(status="draft")
    response = run_action(reviewer_client, model, "publish_selected", [record])
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "published" and record.updated_by == reviewer
    assert last_context(record)["action"] == "publish" and last_context(record)["user"] == reviewer.pk

    run_action(reviewer_client, model, "unpublish_selected", [record])
    record.refresh_from_db()
    assert record.status == "draft"
    assert last_context(record)["action"] == "return to draft"


def test_a_reviewer_retracts_claims_with_a_reason(reviewer, reviewer_client):
    claims = [make_claim(status="published"), make_claim(status="draft")]
    page = run_action(reviewer_client, Claim, "retract_selected", claims)
    assert page.status_code == 200 and "retraction_reason" in page.content.decode()

    page = run_action(reviewer_client, Claim, "retract_selected", claims, post="yes", retraction_reason="  ")
    assert page.status_code == 200 and page.context["form"].errors
    assert not Claim.objects.filter(status="retracted").exists()

    reason = "The ministry withdrew the figure."
    response = run_action(reviewer_client, Claim, "retract_selected", claims, post="yes", retraction_reason=reason)
    assert response.status_code == 302
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.status, claim.retraction_reason, claim.updated_by) == ("retracted", reason, reviewer)
        assert last_context(claim)["reason"] == reason


def test_a_retracted_claim_goes_back_to_draft_before_it_is_published_again(reviewer):
    claim = claim_retract(claim=make_claim(), reason="Wrong figure.", user=reviewer)
    with pytest.raises(ValidationError, match="return it to draft"):
        record_publish(record=claim, user=reviewer)
    claim = record_unpublish(record=claim, user=reviewer)
    assert (claim.status, claim.retraction_reason) == ("draft", "")
    assert record_publish(record=claim, user=reviewer).status == "published"


def test_the_services_check_permissions_whoever_calls_them(editor, reviewer):
    event = make_event(status="draft")
    claim = make_claim()
    with pytest.raises(PermissionDenied):
        record_publish(record=event, user=editor)
    with pytest.raises(PermissionDenied):
        record_unpublish(record=make_event(status="published"), user=editor)
    with pytest.raises(PermissionDenied):
        claim_retract(claim=claim, reason="No.", user=editor)
    with pytest.raises(ValidationError):
        claim_retract(claim=claim, reason=" ", user=reviewer)
    with pytest.raises(ValidationError, match="no editorial status"):
        record_publish(record=make_state("USA"), user=reviewer)
    event.refresh_from_db()
    claim.refresh_from_db()
    assert event.status == "draft" and claim.status == "published"


def test_a_reviewer_chooses_the_status_in_the_form_and_a_retraction_needs_a_reason(reviewer_client):
    claim = make_claim(status="draft", states=["RUS"])
    data = form_data(reviewer_client.get(url(Claim, "change", claim.pk)))
    data.update({"status": ["retracted"], "retraction_reason": [""]})
    page = reviewer_client.post(url(Claim, "change", claim.pk), data)
    assert page.status_code == 200 and "Say why the claim is retracted." in page.content.decode()
    data["retraction_reason"] = ["Duplicate of another claim."]
    assert reviewer_client.post(url(Claim, "change", claim.pk), data).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "retracted"


def test_the_database_refuses_a_retraction_without_a_reason():
    claim = make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status="retracted", retraction_reason="")


def test_states_have_no_workflow(reviewer_client):
    state = make_state("USA")
    data = form_data(reviewer_client.get(url(State, "change", state.pk)))
    assert "status" not in data


def test_the_status_choices_are_those_the_user_may_set_and_the_records_own(editor):
    """A user who may publish but not retract is offered draft and published, and a
    retracted claim keeps its status when such a user edits it."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    editor.user_permissions.add(Permission.objects.get(codename="publish_claim"))
    client = Client()
    client.force_login(editor)
    claim = make_claim(states=["RUS"], status="draft")
    page = client.get(url(Claim, "change", claim.pk))
    assert [value for value, _ in page.context["adminform"].form.fields["status"].choices] == ["draft", "published"]

    Claim.objects.filter(pk=claim.pk).update(status="retracted", retraction_reason="Wrong.")
    page = client.get(url(Claim, "change", claim.pk))
    choices = [value for value, _ in page.context["adminform"].form.fields["status"].choices]
    assert choices == ["draft", "published", "retracted"]
    data = form_data(page)
    assert data["status"] == ["retracted"]
    data["claimant"] = ["Reuters, corrected"]
    assert client.post(url(Claim, "change", claim.pk), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.claimant) == ("retracted", "Reuters, corrected")
