"""Admin form fields read the way editors write (issue 12, forms): domains as checkboxes of
their labels, one ``;`` rule for every list of names in the admin and in CSV (said in the
help), quantities shown as typed (2500000, never 2500000.0000) and as written beside them
(2,500,000) while the boxes take the digits 0-9 only (issue 9, point 3), a neutral
placeholder for partial dates, and the sources of citations with their reliability grade."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from events.models import Event, State
from sources.models import Claim, Source
from tests.admin_forms import form_data
from tests.factories import make_claim, make_event, make_source, make_state

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def field(response, name):
    return response.context["adminform"].form.fields[name]


# --- domains -----------------------------------------------------------------------------


def test_domains_are_checkboxes_of_their_labels(admin_client):
    page = admin_client.get(url(Event, "add"))
    html = page.content.decode()
    for value, label in [("military", "Military"), ("economic", "Economic"), ("information", "Information")]:
        assert f'type="checkbox" name="domains" value="{value}"' in html
        assert label in html


def test_ticking_two_domains_saves_both(admin_client):
    event = make_event(domains=["military"])
    data = form_data(admin_client.get(url(Event, "change", event.pk)))
    assert data["domains"] == ["military"]  # the record's domain is ticked
    data["domains"] = ["military", "economic"]
    assert admin_client.post(url(Event, "change", event.pk), data).status_code == 302
    event.refresh_from_db()
    assert event.domains == ["military", "economic"]


def test_a_domain_not_in_the_vocabulary_is_refused_by_name(admin_client):
    event = make_event()
    data = form_data(admin_client.get(url(Event, "change", event.pk)))
    data["domains"] = ["Military, Economic"]
    response = admin_client.post(url(Event, "change", event.pk), data)
    assert response.status_code == 200
    assert "Select a valid choice. Military, Economic is not one of the available choices." in response.content.decode()


# --- lists of names: one separator everywhere ----------------------------------------------


def test_authors_typed_with_semicolons_are_two_authors_and_export_as_two(admin_client):
    source = make_source(title="RAND report", authors=[])
    data = form_data(admin_client.get(url(Source, "change", source.pk)))
    data["authors"] = ["Jane Doe; John Roe"]
    assert admin_client.post(url(Source, "change", source.pk), data).status_code == 302
    source.refresh_from_db()
    assert source.authors == ["Jane Doe", "John Roe"]

    export = admin_client.post(url(Source, "export"), {"format": "0", "resource": "0"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [row["authors"] for row in rows if row["key"] == source.slug] == ["Jane Doe;John Roe"]
    # ... and the form shows them as they are typed.
    assert form_data(admin_client.get(url(Source, "change", source.pk)))["authors"] == ["Jane Doe; John Roe"]


def test_a_comma_is_part_of_a_name_not_a_separator(admin_client):
    source = make_source(authors=[])
    data = form_data(admin_client.get(url(Source, "change", source.pk)))
    data["authors"] = ["Doe, Jane; Roe, John"]
    assert admin_client.post(url(Source, "change", source.pk), data).status_code == 302
    source.refresh_from_db()
    assert source.authors == ["Doe, Jane", "Roe, John"]


def test_aliases_use_the_same_rule(admin_client):
    state = make_state("PRK", aliases=[])
    data = form_data(admin_client.get(url(State, "change", state.pk)))
    data["aliases"] = ["DPRK; Pyongyang;; "]
    assert admin_client.post(url(State, "change", state.pk), data).status_code == 302
    state.refresh_from_db()
    assert state.aliases == ["DPRK", "Pyongyang"]


@pytest.mark.parametrize(("model", "name"), [(Source, "authors"), (State, "aliases")])
def test_every_list_of_names_says_its_separator(admin_client, model, name):
    help_text = str(field(admin_client.get(url(model, "add")), name).help_text)
    assert "Separate entries with a semicolon (;), as in the CSV files" in help_text
    assert "comma" not in help_text


# --- quantities as written -----------------------------------------------------------------


def test_a_quantity_is_shown_as_typed_in_its_boxes_and_as_written_beside_them(admin_client):
    claim = make_claim(
        quantity_value=Decimal("2500000"), quantity_lower=Decimal("2.5"), quantity_unit="rounds", states=["PRK"]
    )
    page = admin_client.get(url(Claim, "change", claim.pk))
    data = form_data(page)
    assert (data["quantity_value"], data["quantity_lower"]) == (["2500000"], ["2.5"])
    html = page.content.decode()
    assert "2,500,000 (2.5–?) rounds" in html  # "as written", beside the boxes
    assert "2500000.0000" not in html
    changelist = admin_client.get(url(Claim, "changelist")).content.decode()
    assert "2,500,000 (2.5–?) rounds" in changelist
    assert "2500000.0000" not in changelist
    # Saved again unchanged, it stays as it is.
    assert admin_client.post(url(Claim, "change", claim.pk), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.quantity_value, claim.quantity_lower) == (Decimal("2500000"), Decimal("2.5"))


@pytest.mark.parametrize(
    ("typed", "stored"), [("2500000", Decimal("2500000")), ("2.5", Decimal("2.5")), ("-1.5", Decimal("-1.5"))]
)
def test_a_quantity_is_accepted_in_the_digits_0_to_9(admin_client, typed, stored):
    claim = make_claim(states=["PRK"])
    data = form_data(admin_client.get(url(Claim, "change", claim.pk)))
    data.update({"quantity_value": [typed], "quantity_unit": ["rounds"]})
    assert admin_client.post(url(Claim, "change", claim.pk), data).status_code == 302
    claim.refresh_from_db()
    assert claim.quantity_value == stored


@pytest.mark.parametrize("typed", ["2,5", "2,500,000", "١٢٣", "1_000", "2.5e6", "2 500 000"])
def test_a_number_not_in_the_digits_0_to_9_is_refused_saying_how_to_write_it(admin_client, typed):
    claim = make_claim(states=["PRK"])
    data = form_data(admin_client.get(url(Claim, "change", claim.pk)))
    data.update({"quantity_value": [typed], "quantity_unit": ["rounds"]})
    response = admin_client.post(url(Claim, "change", claim.pk), data)
    assert response.status_code == 200
    assert "with the digits 0-9" in " ".join(response.context["adminform"].form.errors["quantity_value"])
    help_text = str(response.context["adminform"].form.fields["quantity_value"].help_text)
    assert "no thousands separators: 2500000 or 2.5" in help_text
    claim.refresh_from_db()
    assert claim.quantity_value is None


# --- partial dates: a neutral placeholder, and "undated" -------------------------------------


def test_partial_date_boxes_show_a_format_not_a_date(admin_client):
    html = admin_client.get(url(Event, "add")).content.decode()
    assert 'placeholder="YYYY, YYYY-MM or YYYY-MM-DD"' in html
    assert 'placeholder="2024-03"' not in html


def test_an_undated_record_says_undated(admin_client):
    event = make_event(title="North Korean ammunition supplied to Russia", start=None, slug="nk-ammo")
    assert str(event) == "North Korean ammunition supplied to Russia (undated)"
    page = admin_client.get(url(Event, "change", event.pk)).content.decode()
    assert "North Korean ammunition supplied to Russia (undated)" in page
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "ammunition", "app_label": "sources", "model_name": "claim", "field_name": "event"},
    ).json()["results"]
    assert [result["text"] for result in found] == ["North Korean ammunition supplied to Russia (undated)"]
    assert ">undated<" in admin_client.get(url(Event, "changelist")).content.decode()


# --- citations show the reliability of their sources ----------------------------------------


def test_citations_show_each_sources_reliability_grade(admin_client):
    source = make_source(title="RAND report", publisher="RAND", reliability="B")
    claim = make_claim(sources=[source])
    html = admin_client.get(url(Claim, "change", claim.pk)).content.decode()
    assert "RAND report (RAND) · reliability B - usually reliable" in html
    found = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "RAND", "app_label": "sources", "model_name": "citation", "field_name": "source"},
    ).json()["results"]
    assert [result["text"] for result in found] == ["RAND report (RAND) · reliability B - usually reliable"]
