"""A list parameter the admin cannot apply shows the list with a message saying what was
wrong, keeps the other filters, and is never a server error (issue 9, point 9; issue 12,
the date filter)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from curation.partial_dates import PartialDate
from events.models import Event, Relationship
from sources.models import Claim, Source
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    return {
        "drill": make_event(title="Naval drill", start=PartialDate(2024, 3), type="military_exercise"),
        "shells": make_event(title="Shells", start=PartialDate(2023), type="arms_transfer"),
        "missiles": make_event(title="Missiles", start=PartialDate(2024, 3), type="arms_transfer"),
    }


def get_list(client, model, query: str):
    opts = model._meta
    response = client.get(f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{query}")
    assert response.status_code == 200, response.status_code
    return response, set(response.context["cl"].result_list), [str(m) for m in get_messages(response.wsgi_request)]


def test_a_date_typed_in_words_says_what_is_wrong_and_keeps_the_other_filters(admin_client, events):
    response, rows, messages = get_list(admin_client, Event, "date_from=March%202024&type=arms_transfer")
    assert rows == {events["shells"], events["missiles"]}  # the type filter still applies
    assert messages == [
        "“March 2024” in “date range from” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
        "(March 2024 is 2024-03). The list is shown without it."
    ]
    # The links of the page carry the filters that applied, not the bad one.
    assert response.context["cl"].get_query_string() == "?type=arms_transfer"
    assert "?e=1" not in response.content.decode()


def test_a_window_that_ends_before_it_begins_is_reported(admin_client, events):
    _, rows, messages = get_list(admin_client, Event, "date_from=2025&date_to=2024")
    assert rows == set(events.values())
    assert messages == ["The date range ends before it begins (from 2025 to 2024). The list is shown without it."]


@pytest.mark.parametrize(
    "query",
    ["period__gte=9999", "period=x", "start=2024-13", "domains__contains=x", "id=abc"],
)
def test_a_lookup_the_database_cannot_read_is_dropped_with_a_message(admin_client, events, query):
    _, rows, messages = get_list(admin_client, Event, query + "&type=military_exercise")
    assert rows == {events["drill"]}
    [message] = messages
    name, value = query.split("=")
    assert message.startswith(f"The list could not be filtered by “{name}={value}” (")
    assert message.endswith("The list is shown without that filter.")


@pytest.mark.parametrize("query", ["state=%00", "q=%00", "type=%00", "%00=1", "date_from=2024%00"])
def test_a_nul_character_is_dropped_with_a_message(admin_client, events, query):
    _, rows, messages = get_list(admin_client, Event, query)
    assert rows == set(events.values())
    assert len(messages) == 1 and "contained a NUL character and was ignored" in messages[0]


def test_a_lookup_the_admin_forbids_is_dropped_not_a_400(admin_client, events):
    _, rows, messages = get_list(admin_client, Event, "created_by__password__startswith=p")
    assert rows == set(events.values())
    assert "could not be filtered by “created_by__password__startswith=p”" in messages[0]


@pytest.mark.parametrize(
    ("model", "query"),
    [
        (Relationship, "active_from=2024-02-30"),
        (Relationship, "state=%00"),
        (Source, "published_to=Jan%202025"),
        (Claim, "asserted_from=2025-13&state=PRK"),
        (Claim, "credibility__exact=x"),
    ],
)
def test_every_list_answers_bad_parameters_with_a_message(admin_client, model, query):
    make_relationship("CHN", "RUS")
    make_claim(sources=[make_source()], states=["PRK"])
    _, rows, messages = get_list(admin_client, model, query)
    assert rows and messages


def test_good_parameters_give_no_message(admin_client, events):
    _, rows, messages = get_list(admin_client, Event, "date_from=2024-03&date_to=2024-03&type=arms_transfer")
    assert rows == {events["missiles"]} and messages == []
