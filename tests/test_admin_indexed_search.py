"""The admin's changelist search goes through the full-text vectors and trigram indexes, not LIKE over joins,
and still finds what editors type: a word or its beginning, part of a key, a state by alias (issue 15)."""

import re

import pytest
from django.contrib import admin
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from curation.admin import counting, search
from curation.partial_dates import PartialDate
from events.models import Event, Relationship
from sources.models import Citation, Claim, Source
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db

URLS = {
    Event: "/admin/events/event/",
    Claim: "/admin/sources/claim/",
    Citation: "/admin/sources/citation/",
    Relationship: "/admin/events/relationship/",
    Source: "/admin/sources/source/",
}


@pytest.fixture
def data():
    shells = make_event(slug="nk-shells", title="North Korean artillery shells", participants={"PRK": "supplier"})
    drill = make_event(slug="naval-drill", title="Naval drill", participants={"PRK": "host", "RUS": "participant"})
    report = make_source(slug="rusi-report", title="Artillery supply lines", notes="Paywalled; read in print.")
    claim = make_claim(slug="rounds-shipped", event=shells, claimant="South Korean intelligence", sources=[report])
    Citation.objects.filter(claim=claim).update(quote="Pyongyang shipped millions of rounds by rail.")
    tie = make_relationship("PRK", "RUS", slug="prk-rus-tie", founding_event=drill, summary="Mutual defence.")
    make_claim(slug="other-claim", states=["CHN"])
    return {"shells": shells, "drill": drill, "report": report, "claim": claim, "tie": tie}


@pytest.fixture(params=["rare", "common"])
def form(request, monkeypatch):
    """Each search twice: as a rare one (the matching keys, then sorted) and as a common one (the list walked,
    each record checked, the other tables through a subquery per record)."""
    if request.param == "common":
        monkeypatch.setattr("curation.models.FEW_KEYS", 1)
    return request.param


@pytest.fixture(params=["few", "many", "common"])
def state_form(request, monkeypatch):
    """The claims' state filter three ways: the keys of a state few claims are about; for many, each claim
    checked against the state's keys hashed once; for a state in a good share of the events, each claim
    checked through the indexes for itself."""
    if request.param != "few":
        monkeypatch.setattr("curation.models.FEW_KEYS", 1)
    monkeypatch.setattr("sources.admin.COMMON_STATE_SHARE", 0.0 if request.param == "common" else 2.0)
    return request.param


def found(client, model, term):
    response = client.get(URLS[model], {"q": term})
    assert response.status_code == 200
    return {str(record.pk) for record in response.context["cl"].result_list}


def keys(*records):
    return {str(record.pk) for record in records}


def test_a_word_its_beginning_and_part_of_a_key_find_events(admin_client, data, form):
    assert found(admin_client, Event, "artillery") == keys(data["shells"])
    assert found(admin_client, Event, "artil") == keys(data["shells"])
    assert found(admin_client, Event, "shel") == keys(data["shells"])  # the stem of "shells"
    assert found(admin_client, Event, "k-shel") == keys(data["shells"])  # inside the key
    assert found(admin_client, Event, '"naval drill" -artillery') == keys(data["drill"])


def test_a_state_alias_alone_or_with_words(admin_client, data, form):
    assert found(admin_client, Event, "DPRK") == keys(data["shells"], data["drill"])
    assert found(admin_client, Event, "DPRK artillery") == keys(data["shells"])
    assert found(admin_client, Relationship, "Pyongyang") == keys(data["tie"])
    assert found(admin_client, Relationship, "naval") == keys(data["tie"])  # its founding event's title


def test_claims_by_statement_claimant_key_quote_and_state(admin_client, data, form):
    assert found(admin_client, Claim, "intelligence") == keys(data["claim"])
    assert found(admin_client, Claim, "ROUNDS-SHIP") == keys(data["claim"])
    assert found(admin_client, Claim, "rail") == keys(data["claim"])  # only in its quote
    assert found(admin_client, Claim, "Beijing") == {str(Claim.objects.get(slug="other-claim").pk)}


def test_citations_by_quote_claim_key_and_source_title(admin_client, data, form):
    citation = Citation.objects.get(claim=data["claim"])
    assert found(admin_client, Citation, "millions rounds") == keys(citation)
    assert found(admin_client, Citation, "rounds-shipped") == keys(citation)
    assert found(admin_client, Citation, "supply") == keys(citation)


def test_sources_by_title_key_and_notes(admin_client, data, form):
    assert found(admin_client, Source, "artillery supply") == keys(data["report"])
    assert found(admin_client, Source, "rusi-rep") == keys(data["report"])
    assert found(admin_client, Source, "paywall") == keys(data["report"])


@pytest.mark.parametrize("model", URLS, ids=lambda m: m.__name__)
def test_a_search_page_runs_the_same_queries_at_one_and_at_many_matches(admin_client, data, model, form):
    def queries():
        admin_client.get(URLS[model], {"q": "match"})
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(URLS[model], {"q": "match"}).status_code == 200
        return len(captured)

    make_claim(slug="match-0", statement="A match.", event=make_event(slug="match-0", title="Match"))
    make_relationship("IRN", "RUS", slug="match-0", summary="Match.")
    one = queries()
    for n in range(1, 4):
        make_claim(slug=f"match-{n}", statement="A match.", event=make_event(slug=f"match-{n}", title="Match"))
    assert queries() == one


@pytest.mark.parametrize("model", URLS, ids=lambda m: m.__name__)
def test_every_part_of_a_search_is_answered_from_an_index(data, model, form):
    """With sequential scans priced out, a column searched without its index would still show one: in the
    queries the search runs itself (the matching keys) and in the list's query it returns."""
    request = RequestFactory().get("/")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for term in ["artillery", "k-shel", "DPRK shells", "ab"]:
            with CaptureQueriesContext(connection) as captured:
                searched, _ = admin.site._registry[model].get_search_results(request, model.objects.all(), term)
            # The keys read (the planner's estimate of a common search, an EXPLAIN, reads no rows).
            statements = [query["sql"] for query in captured.captured_queries if not query["sql"].startswith("EXPLAIN")]
            assert statements, "the search reads its matching keys first"
            for sql in statements:
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert "Seq Scan" not in plan, f"{term}:\n{plan}"
            try:
                sql, params = searched.query.sql_with_params()
            except EmptyResultSet:  # no key matched: the list reads nothing
                continue
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            # The search's subqueries name their tables with an alias (u0, v0...); the page's own table has none.
            assert not re.search(r"Seq Scan on \w+ [a-z]\d", plan), f"{term}:\n{plan}"


def test_autocomplete_fields_find_by_the_beginning_of_a_word(admin_client, data, form):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "artil", "app_label": "sources", "model_name": "claim", "field_name": "event"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(data["shells"].pk)]


def test_claims_by_state_through_their_states_event_or_relationship_searched_or_not(
    admin_client, data, form, state_form
):
    """The claims list's state filter, alone and with a search: each claim once (no DISTINCT needed)."""
    by_tie = make_claim(slug="tie-claim", relationship=data["tie"], statement="Rail deliveries resumed.")
    url = URLS[Claim]

    def listed(**params):
        response = admin_client.get(url, params)
        assert response.status_code == 200
        return {str(record.pk) for record in response.context["cl"].result_list}

    other = Claim.objects.get(slug="other-claim")
    assert listed(state="PRK") == keys(data["claim"], by_tie)  # its event's participant; its tie's side
    assert listed(state="CHN") == keys(other)  # a state it is about
    assert listed(state="PRK", q="rail") == keys(data["claim"], by_tie)  # a quote; a statement
    assert listed(state="RUS", q="rail") == keys(by_tie)
    assert listed(state="CHN", q="rail") == set()


def test_a_few_matches_are_counted_whatever_the_planner_guesses_and_many_estimated(
    admin_client, data, form, monkeypatch
):
    # The planner can guess 25,000 citations for a word found nowhere: a search counts its keys instead.
    monkeypatch.setattr(counting, "estimated_rows", lambda queryset: 1_000_000)
    monkeypatch.setattr(search, "estimated_rows", lambda queryset: 1_000_000)
    page = admin_client.get(URLS[Event], {"q": "DPRK"}).content.decode()
    if form == "rare":
        assert "About" not in page and "2 events" in page
    else:
        assert "About" in page and "events (estimated" in page
    page = admin_client.get(URLS[Citation], {"q": "chongjin"}).content.decode()
    assert "About" not in page and "0 citations" in page


#: Queries of a searched changelist: session, user, the list's state choices (where it filters by state), the
#: names of states (alias expansion, where it has it), the records holding the words whole (up to FEW_KEYS), the
#: matching keys (up to FEW_KEYS), the count (exact for a few keys, the planner's estimate for many), the page,
#: then the page's related rows and counts. When the whole words are in FEW_KEYS records, the search is common
#: without reading its keys: one query fewer.
SEARCHED = {Event: 10, Claim: 10, Citation: 6, Relationship: 8, Source: 7}


@pytest.mark.parametrize("model", URLS, ids=lambda m: m.__name__)
def test_a_searched_changelist_runs_a_fixed_number_of_queries(
    admin_client, data, model, form, django_assert_num_queries
):
    for n in range(3):
        event = make_event(slug=f"match-{n}", title="Match")
        claim = make_claim(slug=f"match-{n}", statement="A match.", event=event, sources=[make_source(title="Match")])
        Citation.objects.filter(claim=claim).update(quote="A match.")
        make_relationship(
            "IRN", "RUS", slug=f"match-{n}", summary="Match.", start=PartialDate(1900 + n), end=PartialDate(1900 + n)
        )
    admin_client.get(URLS[model], {"q": "match"})
    with django_assert_num_queries(SEARCHED[model] - (1 if form == "common" else 0)):
        response = admin_client.get(URLS[model], {"q": "match"})
    assert len(response.context["cl"].result_list) >= 1


def test_a_common_word_is_known_common_from_its_whole_word_without_reading_its_beginnings(
    admin_client, data, monkeypatch
):
    """For a common word the search reads no more than FEW_KEYS records holding it whole: finding every record
    holding a word that begins with it took 15 to 30 ms for "artillery" in 900,000 claims."""
    monkeypatch.setattr("curation.models.FEW_KEYS", 1)
    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(URLS[Event], {"q": "artillery"})
    assert response.status_code == 200
    assert [str(record.pk) for record in response.context["cl"].result_list] == [str(data["shells"].pk)]
    searches = [query["sql"] for query in captured.captured_queries if "to_tsquery" in query["sql"]]
    probes = [sql for sql in searches if not sql.startswith("EXPLAIN") and sql.rstrip().endswith("LIMIT 1")]
    assert len(probes) == 1 and "'artillery'" in probes[0] and "artillery:*" not in probes[0]
    # A beginning of a word is no whole word: its matches are read as before.
    response = admin_client.get(URLS[Event], {"q": "artil"})
    assert [str(record.pk) for record in response.context["cl"].result_list] == [str(data["shells"].pk)]


def test_claims_by_a_state_no_claim_is_about_list_none_and_count_none(admin_client, data, form, state_form):
    """A state few claims are about is filtered by their keys: at 900,000 claims, walking the list for one no
    claim was about read every claim (1.3 s)."""
    response = admin_client.get(URLS[Claim], {"state": "NZL"})
    assert response.status_code == 200
    assert response.context["cl"].result_list == [] and response.context["cl"].result_count == 0


def test_claims_by_a_state_run_a_fixed_number_of_queries(admin_client, data, state_form, django_assert_num_queries):
    # Session, user, the changelist's savepoint and its release, the state choices, the state's claim keys (up
    # to FEW_KEYS), the planner's estimate and the exact count under it, the page, its states and its citation
    # counts; for a state many claims are about, two estimates more (its participations and the events: its
    # share of the events says whether the claims are checked against its keys hashed once or one by one).
    admin_client.get(URLS[Claim], {"state": "PRK"})
    with django_assert_num_queries(11 if state_form == "few" else 13):
        response = admin_client.get(URLS[Claim], {"state": "PRK"})
    assert len(response.context["cl"].result_list) == 1


def test_claims_by_a_common_state_are_estimated_at_its_share_of_the_events(admin_client, data, monkeypatch):
    """Checked claim by claim, the filter looks to the planner as if it kept every claim: the list's "about N"
    is the state's share of the events times the claims, not all the claims (900,000 for Iran's 300,000)."""
    monkeypatch.setattr("curation.models.FEW_KEYS", 1)
    monkeypatch.setattr("sources.admin.COMMON_STATE_SHARE", 0.0)
    monkeypatch.setattr(counting, "EXACT_BELOW", 0)  # always the estimate, as at 300,000 events

    def estimate(queryset):
        sql = str(queryset.query)
        if "events_eventparticipant" in sql and "sources_claim" not in sql:
            return 3_000  # the state's participations
        if "sources_claim" not in sql:
            return 10_000  # the events
        return 900_000  # the claims, as the planner sees the filtered list

    monkeypatch.setattr(counting, "estimated_rows", estimate)
    monkeypatch.setattr("sources.admin.estimated_rows", estimate)
    response = admin_client.get(URLS[Claim], {"state": "PRK"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 270_000
    assert "270,000" in response.content.decode() or "270000" in response.content.decode()
