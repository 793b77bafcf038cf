"""The editors' admin: every page renders, searches and filters work, and a
changelist costs the same number of queries whatever the page holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation.partial_dates import PartialDate
from events.choices import RelationshipKind
from events.models import Event, EventParticipant, Relationship, State
from sources.models import Citation, Claim, Source
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db

MODELS = [State, Event, EventParticipant, Relationship, Source, Claim, Citation]


@pytest.fixture
def data():
    """A small but complete graph of records."""
    make_state("USA")
    exercise = make_event(
        slug="gulf-of-oman-2024",
        title="China-Iran-Russia naval exercise",
        start=PartialDate(2024, 3),
        participants={"CHN": "participant", "IRN": "host", "RUS": "participant"},
    )
    transfer = make_event(
        slug="nk-shells",
        title="North Korean artillery shells for Russia",
        type="arms_transfer",
        domains=["military", "economic"],
        start=PartialDate(2023),
        end=PartialDate(2024),
        participants={"PRK": "supplier", "RUS": "recipient"},
    )
    treaty = make_event(
        slug="iran-russia-treaty",
        title="Iran-Russia treaty",
        type="treaty_agreement",
        domains=["diplomatic"],
        start=PartialDate(2025, 1, 17),
        participants={"IRN": "signatory", "RUS": "signatory"},
        status="draft",
    )
    tie = make_relationship(
        "IRN", "RUS", kind=RelationshipKind.COMPREHENSIVE_STRATEGIC_PARTNERSHIP, founding_event=treaty
    )
    make_relationship("RUS", "CHN", kind=RelationshipKind.ARMS_SUPPLIER, start=PartialDate(2018), end=PartialDate(2022))
    source = make_source(slug="reuters", title="Reuters report")
    make_claim(event=exercise, sources=[source])
    make_claim(event=transfer, quantity_value=2500000, quantity_unit="rounds", states=["PRK", "RUS"])
    make_claim(relationship=tie, stance="context")
    return {"exercise": exercise, "transfer": transfer, "treaty": treaty, "tie": tie}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_renders(admin_client, data, model):
    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_add_page_renders(admin_client, data, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_page_renders(admin_client, data, model):
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


def test_event_change_page_shows_participants_and_claims(admin_client, data):
    response = admin_client.get(admin_url(Event, "change", data["transfer"].pk))
    content = response.content.decode()
    assert 'value="supplier" selected' in content
    assert "Claims about it" in content
    assert data["transfer"].claims.get().statement in content


def test_relationship_change_page_shows_its_claims(admin_client, data):
    response = admin_client.get(admin_url(Relationship, "change", data["tie"].pk))
    assert data["tie"].claims.get().statement in response.content.decode()


def test_changelist_shows_dates_at_their_precision(admin_client, data):
    content = admin_client.get(admin_url(Event, "changelist")).content.decode()
    assert "Mar 2024" in content
    assert "2023 – 2024" in content
    assert "17 Jan 2025" in content
    assert "2024-03-01" not in content


def changelist_rows(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200, response
    return set(response.context["cl"].result_list)


def test_search_finds_events_by_state_alias(admin_client, data):
    assert changelist_rows(admin_client, Event, q="DPRK") == {data["transfer"]}
    assert changelist_rows(admin_client, Event, q="Pyongyang") == {data["transfer"]}


def test_search_finds_states_by_alias(admin_client, data):
    assert changelist_rows(admin_client, State, q="Beijing") == {State.objects.get(iso3="CHN")}


def test_search_finds_claims_by_quote_and_relationships_by_state_name(admin_client, data):
    claim = data["exercise"].claims.get()
    quote = claim.citations.get().quote
    assert changelist_rows(admin_client, Claim, q=quote) == {claim}
    assert data["tie"] in changelist_rows(admin_client, Relationship, q="Tehran")


def test_event_filters(admin_client, data):
    assert changelist_rows(admin_client, Event, type="arms_transfer") == {data["transfer"]}
    assert changelist_rows(admin_client, Event, domain="economic") == {data["transfer"]}
    assert changelist_rows(admin_client, Event, state="PRK") == {data["transfer"]}
    assert changelist_rows(admin_client, Event, status__exact="draft") == {data["treaty"]}


def test_event_date_range_filter_honours_precision(admin_client, data):
    assert changelist_rows(admin_client, Event, date_from="2024-03-20", date_to="2024-03-21") == {
        data["exercise"],
        data["transfer"],
    }
    assert changelist_rows(admin_client, Event, date_from="2025") == {data["treaty"]}
    assert changelist_rows(admin_client, Event, date_to="2022-12") == set()


def test_bad_date_in_filter_is_reported_not_a_server_error(admin_client, data):
    response = admin_client.get(admin_url(Event, "changelist"), {"date_from": "2024-13"})
    assert response.status_code == 200
    assert "“2024-13” in “date range from” is not a date" in response.content.decode()


def test_relationship_filters(admin_client, data):
    assert changelist_rows(admin_client, Relationship, state="IRN") == {data["tie"]}
    assert changelist_rows(admin_client, Relationship, kind="arms_supplier") == set(
        Relationship.objects.filter(kind="arms_supplier")
    )
    assert changelist_rows(admin_client, Relationship, active_from="2023") == {data["tie"]}


def test_claim_filters(admin_client, data):
    assert changelist_rows(admin_client, Claim, state="PRK") == {data["transfer"].claims.get()}
    assert changelist_rows(admin_client, Claim, stance__exact="context") == {data["tie"].claims.get()}


def test_autocomplete_finds_states_by_alias(admin_client, data):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "DPRK", "app_label": "events", "model_name": "eventparticipant", "field_name": "state"},
    )
    assert [result["id"] for result in response.json()["results"]] == ["PRK"]


def test_saving_through_the_admin_records_the_editor(admin_client, superuser):
    make_state("RUS")
    make_state("PRK")
    response = admin_client.post(
        admin_url(Event, "add"),
        {
            "title": "Troops to Kursk",
            "slug": "troops-to-kursk",
            "type": "troop_deployment",
            "domains": "military",
            "summary": "",
            "place": "",
            "status": "draft",
            "start": "2024-10",
            "end": "",
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "1",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-state": "PRK",
            "participants-0-role": "supplier",
            "participants-1-state": "RUS",
            "participants-1-role": "recipient",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
            "claims-MIN_NUM_FORMS": "0",
            "claims-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    event = Event.objects.get(slug="troops-to-kursk")
    assert str(event.start) == "2024-10"
    assert (event.created_by, event.updated_by) == (superuser, superuser)
    assert {(p.state_id, p.role, p.created_by) for p in event.participants.all()} == {
        ("PRK", "supplier", superuser),
        ("RUS", "recipient", superuser),
    }


def test_admin_form_refuses_a_bad_partial_date(admin_client):
    make_state("RUS")
    response = admin_client.post(
        admin_url(Source, "add"),
        {
            "title": "x",
            "slug": "x",
            "kind": "dataset",
            "reliability": "F",
            "published": "2024-02-30",
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert "has no day 30" in str(response.context["adminform"].form.errors["published"])
    assert not Source.objects.exists()


def test_claim_form_requires_a_subject(admin_client):
    source = make_source()
    response = admin_client.post(
        admin_url(Claim, "add"),
        {
            "slug": "floating",
            "statement": "Something.",
            "claimant": "Reports",
            "stance": "supports",
            "credibility": "6",
            "assessment": "unverified",
            "status": "draft",
            "citations-TOTAL_FORMS": "1",
            "citations-INITIAL_FORMS": "0",
            "citations-MIN_NUM_FORMS": "1",
            "citations-MAX_NUM_FORMS": "1000",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
            "citations-0-source": source.pk,
            "citations-0-quote": "Something.",
            "citations-0-locator": "",
            "citations-0-attribution": "asserts",
        },
    )
    assert response.status_code == 200
    assert "Say what the claim is about" in response.content.decode()
    assert not Claim.objects.exists()


# --- query counts ------------------------------------------------------------


def grow(extra: int):
    """Add ``extra`` records of every kind, each with its related rows."""
    import pycountry

    codes = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in State.objects.values_list("iso3", flat=True)]
    for n in range(extra):
        make_state(codes[n])
        event = make_event(participants={"RUS": "participant", codes[n]: "participant"})
        make_claim(event=event, states=["RUS", codes[n]], sources=[make_source(), make_source()])
        make_relationship(codes[n], "RUS", kind=RelationshipKind.ARMS_SUPPLIER, start=PartialDate(2000 + n))


def count_changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, data, model, django_assert_num_queries):
    few = count_changelist_queries(admin_client, model)
    grow(12)
    assert model.objects.count() >= 12
    with django_assert_num_queries(few):
        admin_client.get(admin_url(model, "changelist"))


def test_event_changelist_lists_latest_first_and_undated_last(admin_client, data):
    undated = make_event(slug="undated-proposal", start=None)
    response = admin_client.get(admin_url(Event, "changelist"))
    rows = list(response.context["cl"].result_list)
    assert rows[0] == data["treaty"]
    assert rows[-1] == undated
