"""Every database constraint surfaces as a form error in the admin, never as a server error
(issue 9, point 8), proved through the forms a reviewer submits, not the ORM.

The constraints are read from PostgreSQL's catalogue (every check, unique key, exclusion
and typed key of the curated tables, including those the record parts add, see
``curation.models``). ``test_every_constraint_has_a_form_test`` fails when a constraint
appears without a test here.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from curation.partial_dates import PartialDate
from events.models import Event, EventParticipant, Relationship, State
from sources.models import Citation, Claim, ClaimLink, Source
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db

#: constraint name (or the start of a name PostgreSQL hashes) -> the test proving it
COVERED: dict[str, str] = {}


def covers(*names):
    def register(test):
        for name in names:
            COVERED[name] = test.__name__
        return test

    return register


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def refused(response, text, *, field=None):
    """The form came back (200, not a 500 nor a redirect) with ``text`` as an error."""
    assert response.status_code == 200, response.status_code
    errors = response.context["errors"]
    html = response.content.decode()
    assert text in html, [str(e) for e in errors]
    assert "is violated." not in html  # never a constraint's bare name
    if field is not None:
        assert text in " ".join(response.context["adminform"].form.errors.get(field, []))


# --- posting the forms -------------------------------------------------------------------


def post_state(client, **fields):
    data = {"iso3": "TUR", "name": "Republic of Türkiye", "short_name": "Türkiye", "aliases": "", "wikidata_id": ""}
    return client.post(url(State, "add"), {**data, **fields})


def event_data(**fields):
    data = {
        "title": "Naval drill",
        "slug": "naval-drill",
        "type": "military_exercise",
        "domains": ["military"],
        "summary": "",
        "place": "",
        "status": "draft",
        "start": "2024-03",
        "end": "",
        **management("participants", 1),
        "participants-0-state": "RUS",
        "participants-0-role": "host",
        **management("claims", 0),
    }
    data.update(fields)
    return data


def post_event(client, **fields):
    make_states("RUS", "CHN")
    return client.post(url(Event, "add"), event_data(**fields))


def post_relationship(client, **fields):
    make_states("RUS", "PRK", "CHN")
    data = {
        "slug": "",
        "kind": "arms_supplier",
        "state_a": "RUS",
        "state_b": "PRK",
        "summary": "",
        "founding_event": "",
        "status": "draft",
        "start": "2023",
        "end": "",
        **management("claims", 0),
        **fields,
    }
    return client.post(url(Relationship, "add"), data)


def post_source(client, **fields):
    data = {
        "title": "Reuters report",
        "slug": "reuters-report",
        "kind": "news_article",
        "publisher": "Reuters",
        "authors": "",
        "url": "",
        "reliability": "B",
        "notes": "",
        "status": "draft",
        "published": "2025-01",
        **fields,
    }
    return client.post(url(Source, "add"), data)


def claim_data(source, **fields):
    data = {
        "slug": "nk-shells",
        "statement": "North Korea supplied shells.",
        "claimant": "Reuters",
        "asserted": "",
        "states": ["PRK"],
        "stance": "supports",
        "credibility": "3",
        "assessment": "unverified",
        "quantity_value": "",
        "quantity_lower": "",
        "quantity_upper": "",
        "quantity_unit": "",
        "status": "draft",
        "retraction_reason": "",
        **management("citations", 1),
        **management("links", 0),
        "citations-0-source": str(source.pk),
        "citations-0-quote": "North Korea supplied shells.",
        "citations-0-locator": "",
        "citations-0-attribution": "asserts",
    }
    data.update(fields)
    return data


def post_claim(client, **fields):
    make_state("PRK")
    source = make_source(title="RAND report")
    return client.post(url(Claim, "add"), claim_data(source, **fields))


def make_states(*codes):
    for code in codes:
        make_state(code)


# --- states ------------------------------------------------------------------------------


@covers("state_iso3_format")
def test_a_state_code_that_is_not_three_capitals_is_a_form_error(admin_client):
    refused(post_state(admin_client, iso3="tu"), "Three capital letters.", field="iso3")
    assert not State.objects.exists()


@covers("events_state_pkey")
def test_a_state_code_taken_is_a_form_error(admin_client):
    make_state("TUR", name="Turkey")
    refused(post_state(admin_client, iso3="TUR"), "already exists", field="iso3")


@covers("events_state_name_key")
def test_a_state_name_taken_is_a_form_error(admin_client):
    make_state("TUR", name="Republic of Türkiye")
    refused(post_state(admin_client, iso3="TUX"), "of State TUR (TUR): a name belongs to one state only", field="name")


@covers("events_statename_pkey")
def test_an_alias_that_is_another_states_name_is_a_form_error(admin_client):
    make_state("PRK")
    response = post_state(admin_client, iso3="KOR", name="Republic of Korea", short_name="South Korea", aliases="DPRK")
    refused(response, "is already the alias", field="aliases")


@covers("state_valid_from_is_partial_date", "state_valid_until_is_partial_date")
def test_a_former_states_period_that_is_not_a_partial_date_is_a_form_error(admin_client):
    refused(post_state(admin_client, iso3="SUN", valid_from="1922-13"), "month 13 does not exist", field="valid_from")
    refused(post_state(admin_client, iso3="SUN", valid_until="Dec 1991"), "is not a partial date", field="valid_until")
    assert not State.objects.exists()


@covers("state_wikidata_format")
def test_a_wikidata_id_without_its_q_is_a_form_error(admin_client):
    refused(post_state(admin_client, wikidata_id="43"), "A Wikidata item ID such as Q423.", field="wikidata_id")


# --- events and participants -------------------------------------------------------------


@covers("event_slug_not_empty", "relationship_slug_not_empty", "source_slug_not_empty", "claim_slug_not_empty")
def test_an_empty_key_is_made_from_the_record_or_asked_for_never_stored_empty(admin_client):
    assert post_event(admin_client, slug="").status_code == 302
    assert Event.objects.get().slug == "naval-drill"
    refused(post_event(admin_client, slug="", title=""), "Give a key, or fill in the title it is made from.")
    assert post_relationship(admin_client, slug="").status_code == 302
    assert Relationship.objects.get().slug == "rus-prk-arms-supplier-2023"
    assert post_source(admin_client, slug="").status_code == 302
    assert Source.objects.get().slug == "reuters-report"
    assert post_claim(admin_client, slug="").status_code == 302
    assert Claim.objects.get().slug == "north-korea-supplied-shells"
    assert "" not in Event.objects.values_list("slug", flat=True)


@covers("events_event_slug_key")
def test_an_event_key_taken_is_a_form_error(admin_client):
    make_event(slug="naval-drill")
    refused(post_event(admin_client), "Event with this Key already exists.", field="slug")


@covers("event_start_is_partial_date", "event_end_is_partial_date")
def test_an_event_date_that_is_not_a_partial_date_is_a_form_error(admin_client):
    refused(post_event(admin_client, start="2024-13"), "month 13 does not exist", field="start")
    refused(post_event(admin_client, end="March 2024"), "is not a partial date", field="end")
    assert not Event.objects.exists()


@covers("event_end_not_before_start")
def test_an_event_ending_before_it_starts_is_a_form_error(admin_client):
    refused(
        post_event(admin_client, start="2024-03", end="2024-02"), "The end cannot be before the start.", field="end"
    )


@covers("participant_once_per_event")
def test_a_state_listed_twice_in_an_event_is_a_form_error_in_the_inline_and_its_own_form(admin_client):
    response = post_event(
        admin_client,
        **management("participants", 2),
        **{"participants-1-state": "RUS", "participants-1-role": "participant"},
    )
    refused(response, "Please correct the duplicate data for state")
    assert not Event.objects.exists()

    event = make_event(participants={"RUS": "host"})
    response = admin_client.post(url(EventParticipant, "add"), {"event": event.pk, "state": "RUS", "role": "observer"})
    refused(response, "Event participant with this Event and State already exists.")
    assert event.participants.count() == 1


# --- relationships -----------------------------------------------------------------------


@covers("events_relationship_slug_key")
def test_a_relationship_key_taken_is_a_form_error(admin_client):
    make_relationship("CHN", "RUS", slug="rus-prk-arms")
    refused(post_relationship(admin_client, slug="rus-prk-arms"), "Relationship with this Key already exists.")


@covers("relationship_start_is_partial_date", "relationship_end_is_partial_date")
def test_a_relationship_date_that_is_not_a_partial_date_is_a_form_error(admin_client):
    refused(post_relationship(admin_client, start="2023-02-30"), "has no day 30", field="start")
    refused(post_relationship(admin_client, end="soon"), "is not a partial date", field="end")


@covers("relationship_end_not_before_start")
def test_a_relationship_ending_before_it_starts_is_a_form_error(admin_client):
    refused(post_relationship(admin_client, start="2023", end="2022"), "The end cannot be before the start.")


@covers("relationship_two_different_states")
def test_a_relationship_of_a_state_with_itself_is_a_form_error(admin_client):
    refused(post_relationship(admin_client, state_b="RUS"), "A relationship needs two different states.")


@covers("relationship_symmetric_kind_in_canonical_order")
def test_a_symmetric_tie_typed_in_either_order_is_stored_in_order_never_refused(admin_client):
    response = post_relationship(admin_client, kind="strategic_partnership", state_a="RUS", state_b="CHN")
    assert response.status_code == 302
    assert Relationship.objects.values_list("state_a", "state_b").get() == ("CHN", "RUS")


@covers("relationship_no_overlapping_same_tie")
def test_an_overlapping_same_tie_is_a_form_error_not_a_500(admin_client):
    """The issue's case: only PostgreSQL can judge it (the period is a generated column)."""
    existing = make_relationship("RUS", "PRK", kind="arms_supplier", start=PartialDate(2022), end=PartialDate(2024))
    response = post_relationship(admin_client, slug="rus-prk-again", start="2023", end="")
    refused(response, "These two states already have this kind of tie in an overlapping period")
    assert list(Relationship.objects.all()) == [existing]
    # The form keeps what was typed, so that the editor can correct the period.
    assert response.context["adminform"].form["slug"].value() == "rus-prk-again"
    # ... and on a change page too.
    other = make_relationship("RUS", "PRK", kind="arms_supplier", start=PartialDate(2025))
    data = {
        "slug": other.slug,
        "kind": "arms_supplier",
        "state_a": "RUS",
        "state_b": "PRK",
        "summary": "",
        "founding_event": "",
        "status": "published",
        "start": "2021",
        "end": "",
        **management("claims", 0),
    }
    refused(admin_client.post(url(Relationship, "change", other.pk), data), "overlapping period")
    other.refresh_from_db()
    assert other.start == PartialDate(2025)


# --- sources -----------------------------------------------------------------------------


@covers("sources_source_slug_key")
def test_a_source_key_taken_is_a_form_error(admin_client):
    make_source(slug="reuters-report")
    refused(post_source(admin_client), "Source with this Key already exists.", field="slug")


@covers("source_published_is_partial_date")
def test_a_publication_date_that_is_not_a_partial_date_is_a_form_error(admin_client):
    refused(post_source(admin_client, published="2025-1"), "is not a partial date", field="published")


@covers("source_retrieved_is_partial_date")
def test_a_retrieval_date_that_is_not_a_partial_date_is_a_form_error(admin_client):
    refused(post_source(admin_client, retrieved="2025-1"), "is not a partial date", field="retrieved")


@covers("source_reliability_a_to_f")
def test_a_reliability_outside_a_to_f_is_a_form_error(admin_client):
    refused(post_source(admin_client, reliability="G"), "Select a valid choice", field="reliability")


# --- claims and citations ----------------------------------------------------------------


@covers("sources_claim_slug_key")
def test_a_claim_key_taken_is_a_form_error(admin_client):
    make_claim(slug="nk-shells")
    refused(post_claim(admin_client), "Claim with this Key already exists.", field="slug")


@covers("claim_asserted_is_partial_date")
def test_an_assertion_date_that_is_not_a_partial_date_is_a_form_error(admin_client):
    refused(post_claim(admin_client, asserted="2025-00"), "month 0 does not exist", field="asserted")


@covers("claim_credibility_1_to_6", "sources_claim_credibility_check")
def test_a_credibility_outside_1_to_6_is_a_form_error(admin_client):
    refused(post_claim(admin_client, credibility="7"), "Select a valid choice", field="credibility")
    refused(post_claim(admin_client, credibility="-1"), "Select a valid choice", field="credibility")
    assert not Claim.objects.exists()


@covers("claim_retraction_has_reason")
def test_a_retraction_without_a_reason_is_a_form_error(admin_client):
    refused(post_claim(admin_client, status="retracted"), "Say why the claim is retracted.", field="retraction_reason")


@covers(
    "claim_quantity_lower_not_above_value",
    "claim_quantity_value_not_above_upper",
    "claim_quantity_lower_not_above_upper",
)
def test_a_quantity_outside_its_bounds_is_a_form_error(admin_client):
    for lower, value, upper in [("3", "2", ""), ("", "4", "3"), ("5", "", "4")]:
        response = post_claim(
            admin_client, quantity_lower=lower, quantity_value=value, quantity_upper=upper, quantity_unit="rounds"
        )
        refused(response, "The number must lie between its lower and upper bounds.")
    assert not Claim.objects.exists()


@covers("claim_quantity_has_unit")
def test_a_quantity_without_a_unit_is_a_form_error(admin_client):
    refused(post_claim(admin_client, quantity_value="2500000"), "Give the unit of the number", field="quantity_unit")


@covers("sources_claim_states_claim_id_state_id_")
def test_a_state_chosen_twice_for_a_claim_is_linked_once(admin_client):
    response = post_claim(admin_client, states=["PRK", "PRK"])
    assert response.status_code == 302
    assert list(Claim.objects.get().states.values_list("iso3", flat=True)) == ["PRK"]


@covers("citation_once_per_claim_and_source")
def test_a_source_cited_twice_is_a_form_error_in_the_inline_and_its_own_form(admin_client):
    make_state("PRK")
    source = make_source()
    data = claim_data(source, **management("citations", 2))
    data.update({"citations-1-source": str(source.pk), "citations-1-quote": "Again.", "citations-1-locator": ""})
    data.update({"citations-1-attribution": "asserts"})
    refused(admin_client.post(url(Claim, "add"), data), "Please correct the duplicate data for source")
    assert not Claim.objects.exists()

    claim = make_claim(sources=[source])
    response = admin_client.post(url(Citation, "add"), {"claim": claim.pk, "source": source.pk, "quote": "Again."})
    refused(response, "Citation with this Claim and Source already exists.")


@covers("citation_quote_not_empty")
def test_a_citation_without_a_quote_is_a_form_error(admin_client):
    refused(post_claim(admin_client, **{"citations-0-quote": ""}), "This field is required.")
    assert not Claim.objects.exists()


# --- claim links and what sources rely on (issue 10) ----------------------------------------


def link_data(claim, *rows):
    """The claim's change form as it stands, with link rows ``(kind, to_claim)``."""
    data = claim_data(claim.citations.get().source, slug=claim.slug, states=[], **management("links", len(rows)))
    data.update({"event": "", "relationship": "", "status": claim.status})
    data["citations-INITIAL_FORMS"] = "1"
    data["citations-0-id"] = str(claim.citations.get().pk)
    data["citations-0-claim"] = str(claim.pk)
    data["citations-0-attribution"] = "asserts"
    data["states"] = ["PRK"]
    for n, (kind, other) in enumerate(rows):
        data.update({f"links-{n}-kind": kind, f"links-{n}-to_claim": str(other.pk), f"links-{n}-note": ""})
    return data


@covers("claimlink_not_to_itself")
def test_a_claim_linked_to_itself_is_a_form_error(admin_client):
    make_state("PRK")
    claim = make_claim(states=["PRK"])
    response = admin_client.post(url(Claim, "change", claim.pk), link_data(claim, ("qualifies", claim)))
    refused(response, "A claim cannot be linked to itself.")
    assert not ClaimLink.objects.exists()


@covers("claimlink_once")
def test_the_same_link_twice_is_a_form_error(admin_client):
    make_state("PRK")
    claim, other = make_claim(states=["PRK"]), make_claim(states=["PRK"])
    response = admin_client.post(
        url(Claim, "change", claim.pk), link_data(claim, ("qualifies", other), ("qualifies", other))
    )
    refused(response, "Please correct the duplicate data")
    assert not ClaimLink.objects.exists()


@covers("claimlink_kind_known")
def test_an_unknown_kind_of_link_is_a_form_error(admin_client):
    make_state("PRK")
    claim, other = make_claim(states=["PRK"]), make_claim(states=["PRK"])
    response = admin_client.post(url(Claim, "change", claim.pk), link_data(claim, ("befriends", other)))
    refused(response, "Select a valid choice")
    assert not ClaimLink.objects.exists()


@covers("sources_source_based_on_from_source_id_to_source_")
def test_a_source_chosen_twice_as_what_a_source_relies_on_is_linked_once(admin_client):
    reuters = make_source(title="Reuters report")
    article = make_source(title="Article")
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "publisher": "",
        "authors": "",
        "url": "",
        "reliability": "C",
        "notes": "",
        "status": "draft",
        "published": "",
        "based_on": [str(reuters.pk), str(reuters.pk)],
    }
    response = admin_client.post(url(Source, "change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(article.based_on.values_list("slug", flat=True)) == [reuters.slug]


# --- the safety net, and the list of constraints ------------------------------------------


def test_a_refusal_the_admin_has_no_words_for_shows_postgresqls(admin_client, monkeypatch):
    """A constraint without a message still comes back as a form error, in PostgreSQL's words."""
    from events.admin import RelationshipAdmin

    monkeypatch.setattr(RelationshipAdmin, "constraint_messages", {})
    monkeypatch.setattr(RelationshipAdmin, "resource_classes", [])
    make_relationship("RUS", "PRK", kind="arms_supplier", start=PartialDate(2022))
    response = post_relationship(admin_client, slug="again")
    refused(response, "The database refused this change: conflicting key value violates exclusion constraint")


def curated_tables() -> set[str]:
    from pghistory.models import Event as HistoryEvent

    from events.models import RelationshipFoundingWords

    # Kept by the database's triggers from other tables: no form writes it, so no form can break its key.
    derived = {RelationshipFoundingWords}
    return {
        model._meta.db_table
        for app in ("events", "sources")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if not issubclass(model, HistoryEvent) and model not in derived
    }


def test_every_constraint_has_a_form_test():
    tables = curated_tables()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, contype FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND contype IN ('c', 'u', 'x', 'p')
            """
        )
        rows = [row for row in cursor.fetchall() if row[0] in tables]
    auto_keys = {
        f"{model._meta.db_table}_pkey"
        for app in ("events", "sources")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    }
    names = {name for _table, name, _type in rows if name not in auto_keys}
    untested = sorted(name for name in names if not any(name.startswith(covered) for covered in COVERED))
    assert untested == [], f"constraints without a test through the admin forms: {untested}"
    assert len(names) >= 30  # the catalogue was read
