"""Keys fill themselves in (issue 12): a claim's from its statement, a relationship's from its
two states, kind and start year, as events' and sources' do from their titles, so that a first
save never fails with "This field is required"; a key already taken gets a number."""

import pytest
from django.urls import reverse

from events.models import Relationship
from sources.models import Claim
from tests.factories import make_claim, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def claim_post(source, **fields):
    return {
        "slug": "",
        "statement": "North Korea has sent about 10,000 troops to fight for Russia in the Kursk region.",
        "claimant": "South Korean intelligence",
        "asserted": "2024-10",
        "states": ["PRK"],
        "stance": "supports",
        "credibility": "3",
        "assessment": "unverified",
        "status": "draft",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "1",
        "citations-MAX_NUM_FORMS": "1000",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "citations-0-source": str(source.pk),
        "citations-0-quote": "About 10,000 North Korean soldiers are in Kursk.",
        "citations-0-attribution": "asserts",
        **fields,
    }


def relationship_post(**fields):
    return {
        "slug": "",
        "kind": "arms_supplier",
        "state_a": "RUS",
        "state_b": "PRK",
        "start": "2023-09",
        "status": "draft",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
        **fields,
    }


def test_a_claim_saved_without_a_key_gets_one_from_its_statement(editor_client):
    make_state("PRK")
    response = editor_client.post(url(Claim, "add"), claim_post(make_source()))
    assert response.status_code == 302
    assert Claim.objects.get().slug == "north-korea-has-sent-about-10000-troops-to"


def test_a_relationship_saved_without_a_key_gets_one_from_its_states_kind_and_year(editor_client):
    make_state("RUS"), make_state("PRK")
    assert editor_client.post(url(Relationship, "add"), relationship_post()).status_code == 302
    assert Relationship.objects.get().slug == "rus-prk-arms-supplier-2023"


def test_a_key_already_taken_gets_the_next_number(editor_client):
    make_state("RUS"), make_state("PRK")
    make_relationship("CHN", "RUS", slug="rus-prk-arms-supplier-2023")
    make_relationship("CHN", "IRN", slug="rus-prk-arms-supplier-2023-2")
    assert editor_client.post(url(Relationship, "add"), relationship_post()).status_code == 302
    assert Relationship.objects.filter(slug="rus-prk-arms-supplier-2023-3").exists()


def test_a_key_typed_by_the_editor_is_kept(editor_client):
    make_state("PRK")
    response = editor_client.post(url(Claim, "add"), claim_post(make_source(), slug="nk-troops-kursk"))
    assert response.status_code == 302
    assert Claim.objects.get().slug == "nk-troops-kursk"


def test_an_existing_key_emptied_is_made_again_not_refused(editor_client):
    from tests.admin_forms import form_data

    claim = make_claim(slug="old-key", statement="Iran supplied drones.", states=["IRN"])
    data = form_data(editor_client.get(url(Claim, "change", claim.pk)))
    data["slug"] = [""]
    assert editor_client.post(url(Claim, "change", claim.pk), data).status_code == 302
    claim.refresh_from_db()
    assert claim.slug == "iran-supplied-drones"


@pytest.mark.parametrize(
    ("model", "sources"),
    [(Claim, "id_statement"), (Relationship, "id_state_a id_state_b id_kind id_start")],
)
def test_the_key_box_names_the_fields_it_is_filled_from_while_typing(editor_client, model, sources):
    html = editor_client.get(url(model, "add")).content.decode()
    assert f'data-key-from="{sources}"' in html
    assert "curation/keys.js" in html
    assert "Left empty, it is made from the" in html
