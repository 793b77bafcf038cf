"""The Editor and Reviewer groups from the roles migration, and what each can and cannot do."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import Event, EventParticipant, Relationship, State
from sources.models import Citation, Claim, ClaimLink, Source
from tests.factories import make_claim, make_event, make_source, make_user

pytestmark = pytest.mark.django_db

CURATED = {
    "events": ["state", "event", "eventparticipant", "relationship"],
    "sources": ["source", "claim", "citation", "claimlink"],
}
MODELS = [State, Event, EventParticipant, Relationship, Source, Claim, Citation, ClaimLink]


def perms(*actions, models=None):
    chosen = models or [m for ms in CURATED.values() for m in ms]
    app = {m: a for a, ms in CURATED.items() for m in ms}
    return {f"{app[m]}.{action}_{m}" for m in chosen for action in actions}


EDITOR = perms("view", "add", "change", "import", "export") | perms(
    "delete", models=["eventparticipant", "citation", "claimlink"]
)
REVIEWER = (
    EDITOR
    | perms("restore")
    | perms("publish", models=["event", "relationship", "source", "claim"])
    | {"sources.retract_claim"}
    | perms("delete", models=["state", "event", "relationship", "source"])
    | {"releases.view_release", "releases.add_release"}
)


def group_perms(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_the_migration_made_both_groups_with_exactly_their_permissions():
    assert group_perms("Editor") == EDITOR
    assert group_perms("Reviewer") == REVIEWER
    assert "sources.delete_claim" not in group_perms("Reviewer")  # claims are retracted, never deleted


def test_the_roles_migration_reruns_to_exactly_the_same_groups():
    import importlib

    from django.apps import apps

    Group.objects.get(name="Editor").permissions.clear()
    importlib.import_module("axisdb.migrations.0001_roles").create_roles(apps, None)
    assert group_perms("Editor") == EDITOR
    assert group_perms("Reviewer") == REVIEWER


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def actions(client, model) -> set[str]:
    """The actions offered on the model's changelist."""
    form = client.get(url(model, "changelist")).context["action_form"]
    return set(dict(form.fields["action"].choices)) if form else set()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_editors_and_reviewers_reach_every_list_and_add_page(model, editor_client, reviewer_client):
    for client in (editor_client, reviewer_client):
        assert client.get(url(model, "changelist")).status_code == 200
        assert client.get(url(model, "add")).status_code == 200


def test_a_staff_user_without_a_role_sees_nothing(client):
    client.force_login(make_user("stranger"))
    event = make_event()
    assert client.get(url(Event, "changelist")).status_code == 403
    assert client.get(url(Event, "change", event.pk)).status_code == 403
    assert client.get(url(Event, "history", event.pk)).status_code == 403


def test_nobody_in_a_role_deletes_a_claim(editor_client, reviewer_client):
    claim = make_claim()
    for client in (editor_client, reviewer_client):
        assert client.get(url(Claim, "delete", claim.pk)).status_code == 403
        assert client.post(url(Claim, "delete", claim.pk), {"post": "yes"}).status_code == 403
        assert "delete_selected" not in actions(client, Claim)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_editors_delete_no_record_but_may_remove_participant_and_citation_rows(editor_client):
    event = make_event(status="draft")
    source = make_source()
    for model, record in ((Event, event), (Source, source)):
        assert editor_client.post(url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists() and Source.objects.filter(pk=source.pk).exists()
    participant = event.participants.get()
    assert editor_client.post(url(EventParticipant, "delete", participant.pk), {"post": "yes"}).status_code == 302
    assert not EventParticipant.objects.filter(pk=participant.pk).exists()


def test_reviewers_delete_an_unused_source(reviewer_client):
    source = make_source()
    assert reviewer_client.post(url(Source, "delete", source.pk), {"post": "yes"}).status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()


def test_only_reviewers_get_the_workflow_actions(editor_client, reviewer_client):
    for model in (Event, Relationship, Source):
        assert {"publish_selected", "unpublish_selected"} <= actions(reviewer_client, model)
        assert not {"publish_selected", "unpublish_selected"} & actions(editor_client, model)
    assert {"publish_selected", "unpublish_selected", "retract_selected"} <= actions(reviewer_client, Claim)
    assert not {"publish_selected", "unpublish_selected", "retract_selected"} & actions(editor_client, Claim)
    assert "publish_selected" not in actions(reviewer_client, State)  # states have no status


def test_only_reviewers_restore(editor_client, reviewer_client):
    import pghistory

    event = make_event(title="First")
    with pghistory.context(note="a later change"):  # a version of its own
        Event.objects.filter(pk=event.pk).update(title="Second")
    restore = url(Event, "restore", event.pk, 1)
    assert "Restore…" not in editor_client.get(url(Event, "history", event.pk)).content.decode()
    assert editor_client.post(restore).status_code == 403
    event.refresh_from_db()
    assert event.title == "Second"
    assert "Restore…" in reviewer_client.get(url(Event, "history", event.pk)).content.decode()
    assert reviewer_client.post(restore).status_code == 302
    event.refresh_from_db()
    assert event.title == "First"


def test_editors_and_reviewers_may_import_and_export_csv(editor, reviewer):
    for user in (editor, reviewer):
        for model in MODELS:
            name = model._meta.model_name
            app = model._meta.app_label
            assert user.has_perm(f"{app}.import_{name}") and user.has_perm(f"{app}.export_{name}")
    stranger = make_user("stranger")
    assert not stranger.has_perm("events.import_event")
