"""Deleting a record that others still need (a cited source, a state with events or
claims, an event with claims) is refused in the admin, saying why; claims are retracted."""

import pytest
from django.urls import reverse

from events.models import Event, State
from sources.models import Claim, Source
from tests.factories import make_claim, make_event, make_source, make_state

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def delete_selected(client, model, records, confirm=False):
    data = {"action": "delete_selected", "_selected_action": [r.pk for r in records]}
    if confirm:
        data["post"] = "yes"
    return client.post(url(model, "changelist"), data)


def test_a_cited_source_is_not_deleted_and_the_page_says_why(reviewer_client):
    source = make_source(title="RAND report")
    claim = make_claim(sources=[source])
    page = reviewer_client.get(url(Source, "delete", source.pk))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["protected"]
    assert "A source still cited by a claim cannot be deleted" in html
    assert claim.slug in html  # the citation in the way is listed

    again = reviewer_client.post(url(Source, "delete", source.pk), {"post": "yes"})
    assert again.status_code == 200 and "cannot be deleted" in again.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()


def test_a_bulk_delete_including_a_cited_source_deletes_nothing(reviewer_client):
    cited, uncited = make_source(), make_source()
    make_claim(sources=[cited])
    page = delete_selected(reviewer_client, Source, [cited, uncited])
    assert page.status_code == 200 and page.context["protected"]
    assert "A source still cited by a claim cannot be deleted" in page.content.decode()
    delete_selected(reviewer_client, Source, [cited, uncited], confirm=True)
    assert Source.objects.filter(pk__in=[cited.pk, uncited.pk]).count() == 2


def test_an_uncited_source_is_deleted(reviewer_client):
    source = make_source()
    assert reviewer_client.post(url(Source, "delete", source.pk), {"post": "yes"}).status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()


def test_a_state_with_events_is_not_deleted(reviewer_client):
    make_event(participants={"PRK": "supplier", "RUS": "recipient"})
    state = State.objects.get(pk="PRK")
    page = reviewer_client.post(url(State, "delete", "PRK"), {"post": "yes"})
    assert page.status_code == 200
    assert "A state that takes part in events or relationships, or that claims are about" in page.content.decode()
    assert State.objects.filter(pk=state.pk).exists()

    page = delete_selected(reviewer_client, State, [state], confirm=True)
    assert page.status_code == 200 and page.context["protected"]
    assert State.objects.filter(pk=state.pk).exists()


def test_a_state_that_claims_are_about_is_not_deleted_either(reviewer_client):
    state = make_state("KOR")
    claim = make_claim(states=["KOR"])
    page = reviewer_client.post(url(State, "delete", "KOR"), {"post": "yes"})
    assert page.status_code == 200
    assert any(claim.slug in str(item) or str(claim) in str(item) for item in page.context["protected"])
    assert State.objects.filter(pk=state.pk).exists() and claim.states.filter(pk="KOR").exists()


def test_an_unused_state_is_deleted(reviewer_client):
    make_state("USA")
    assert reviewer_client.post(url(State, "delete", "USA"), {"post": "yes"}).status_code == 302
    assert not State.objects.filter(pk="USA").exists()


def test_an_event_that_claims_are_about_is_not_deleted(reviewer_client):
    event = make_event()
    make_claim(event=event)
    page = reviewer_client.post(url(Event, "delete", event.pk), {"post": "yes"})
    assert page.status_code == 200 and "An event that claims are about" in page.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()


def test_editors_cannot_delete_claims_they_retract_them(editor_client):
    claim = make_claim(states=["RUS"])
    change_page = editor_client.get(url(Claim, "change", claim.pk)).content.decode()
    assert url(Claim, "delete", claim.pk) not in change_page
    assert editor_client.post(url(Claim, "delete", claim.pk), {"post": "yes"}).status_code == 403
    delete_selected(editor_client, Claim, [claim], confirm=True)
    assert Claim.objects.filter(pk=claim.pk).exists()
