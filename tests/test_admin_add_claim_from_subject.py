"""From an event's (or relationship's) page, "Add a claim about this event" opens the claim
form with the subject filled in, and saving it returns to the event (issue 12)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from events.models import Event, Relationship
from sources.models import Claim
from tests.admin_forms import form_data
from tests.factories import make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def add_link(client, record, label):
    page = client.get(url(type(record), "change", record.pk))
    [link] = [link for link in page.context["inline_admin_formsets"] if getattr(link.formset, "add_link", None)]
    href, text = link.formset.add_link
    assert text == label and f'href="{href.replace("&", "&amp;")}"' in page.content.decode()
    return href


@pytest.mark.parametrize(
    ("make", "field", "label"),
    [
        (lambda: make_event(title="Troops to Kursk"), "event", "Add a claim about this event"),
        (lambda: make_relationship("PRK", "RUS"), "relationship", "Add a claim about this relationship"),
    ],
)
def test_the_claim_form_opens_with_the_subject_and_returns_to_it(editor_client, make, field, label):
    record = make()
    href = add_link(editor_client, record, label)
    query = parse_qs(urlsplit(href).query)
    assert query[field] == [str(record.pk)] and query["next"] == [url(type(record), "change", record.pk)]

    form = editor_client.get(href)
    assert form.context["adminform"].form.initial[field] == str(record.pk)
    data = form_data(form)
    assert data[field] == [str(record.pk)]  # chosen in the form, with the record's name shown
    assert str(record) in form.content.decode()

    source = make_source()
    data.update(
        {
            "statement": ["Some 10,000 North Korean troops are in Kursk."],
            "claimant": ["South Korean intelligence"],
            "citations-TOTAL_FORMS": ["1"],
            "citations-0-source": [str(source.pk)],
            "citations-0-quote": ["About 10,000 soldiers."],
            "_save": ["Save"],
        }
    )
    response = editor_client.post(href, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert response["Location"] == url(type(record), "change", record.pk)
    claim = Claim.objects.get()
    assert getattr(claim, f"{field}_id") == record.pk and claim.status == "draft"


def test_only_a_page_of_ours_is_a_place_to_return_to(editor_client):
    event = make_event()
    source = make_source()
    data = form_data(editor_client.get(url(Claim, "add") + f"?event={event.pk}"))
    data.update(
        {
            "statement": ["A claim."],
            "claimant": ["Reuters"],
            "citations-TOTAL_FORMS": ["1"],
            "citations-0-source": [str(source.pk)],
            "citations-0-quote": ["A quote."],
            "_save": ["Save"],
        }
    )
    response = editor_client.post(url(Claim, "add") + "?next=https://evil.example/", data)
    assert response.status_code == 302 and response["Location"] == url(Claim, "changelist")


def test_without_permission_to_add_claims_there_is_no_link(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_event", "view_claim"]))
    client.force_login(viewer)
    event = make_event()
    page = client.get(url(Event, "change", event.pk))
    assert "Add a claim about this event" not in page.content.decode()


def test_a_new_event_has_no_link_yet(editor_client):
    assert "Add a claim about this" not in editor_client.get(url(Event, "add")).content.decode()
    assert "Add a claim about this" not in editor_client.get(url(Relationship, "add")).content.decode()


def test_save_and_add_a_claim_about_it_goes_from_a_new_event_to_its_claim_form(editor_client):
    from events.models import State

    State.objects.create(iso3="RUS", name="Russian Federation", short_name="Russia")
    page = editor_client.get(url(Event, "add"))
    assert 'name="_follow_up" value="0"' in page.content.decode()
    data = {
        "title": "Troops to Kursk",
        "slug": "",
        "type": "troop_deployment",
        "start": "2024-10",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-state": "RUS",
        "participants-0-role": "recipient",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
        "_follow_up": "0",
    }
    response = editor_client.post(url(Event, "add"), data)
    event = Event.objects.get()
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == url(Claim, "add")
    assert parse_qs(target.query) == {"event": [str(event.pk)], "next": [url(Event, "change", event.pk)]}


def test_the_follow_up_is_offered_only_to_who_may_add_claims(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("eventonly", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_event", "change_event", "view_event"]))
    client.force_login(user)
    assert "Save and add a claim about it" not in client.get(url(Event, "add")).content.decode()
