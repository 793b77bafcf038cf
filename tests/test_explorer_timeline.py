"""The explorer's timeline (/timeline/): events in lanes by pair of states or by domain, at the precision
of their dates, undated ones in a lane of their own; filters as the API's, kept in the URL and in the
CSV/JSON links; published records only; a fixed number of queries."""

import pytest
from django.urls import reverse

from curation.partial_dates import PartialDate
from tests.explorer_support import elements, marks_by_lane
from tests.factories import make_claim, make_event, make_source

pytestmark = pytest.mark.django_db
URL = reverse("explorer:timeline")


def test_each_event_is_a_mark_in_the_lane_of_each_pair_of_its_participants(client):
    make_event(slug="trio", participants={"CHN": "participant", "IRN": "host", "RUS": "participant"})
    make_event(slug="alone", participants={"PRK": "participant"})
    lanes = marks_by_lane(client.get(URL).content)
    assert lanes == {"CHN-IRN": ["trio"], "CHN-RUS": ["trio"], "IRN-RUS": ["trio"], "PRK": ["alone"]}


def test_lanes_by_domain_are_one_switch_away(client):
    make_event(slug="drill", domains=["military", "nuclear"])
    make_event(slug="talks", domains=[])
    response = client.get(URL, {"lanes": "domain"})
    assert marks_by_lane(response.content) == {"military": ["drill"], "nuclear": ["drill"], "none": ["talks"]}
    switch = elements(client.get(URL).content, "switch-lanes")[0]["href"]
    assert switch == f"{URL}?lanes=domain"


def test_an_undated_event_sits_in_the_undated_lane_only_never_at_a_guessed_date(client):
    make_event(slug="dated", participants={"CHN": "participant", "RUS": "participant"})
    make_event(slug="undated", start=None, participants={"CHN": "participant", "RUS": "participant"})
    lanes = marks_by_lane(client.get(URL).content)
    assert lanes == {"CHN-RUS": ["dated"], "undated": ["undated"]}
    assert "mark-undated" in elements(client.get(URL).content, "mark")[-1]["class"]


def test_a_day_is_a_point_a_month_a_bar_and_an_approximate_date_is_faded(client):
    make_event(slug="day", start=PartialDate(2024, 3, 17))
    make_event(slug="month", start=PartialDate(2024, 3))
    make_event(slug="year", start=PartialDate(2022), start_approximate=True)
    marks = {mark["data-key"]: mark["class"].split() for mark in elements(client.get(URL).content, "mark")}
    assert "mark-point" in marks["day"] and "approx" not in marks["day"]
    assert "mark-bar" in marks["month"] and "precision-month" in marks["month"]
    assert {"mark-bar", "approx", "precision-year"} <= set(marks["year"])


def test_a_mark_says_title_date_as_written_and_evidence_and_opens_the_event(client):
    event = make_event(slug="drill", title="Naval drill", start=PartialDate(2024, 3))
    make_claim(event=event, stance="supports")
    make_claim(event=event, stance="disputes")
    mark = elements(client.get(URL).content, "mark")[0]
    assert mark["data-title"] == "Naval drill"
    assert mark["data-when"] == "Mar 2024"
    assert mark["data-evidence"] == "1 supporting, 1 disputing, 0 context"
    assert mark["href"] == reverse("explorer:event", args=["drill"])


def test_filters_are_the_apis_and_the_links_give_exactly_this_list(client):
    make_event(slug="rus-prk", participants={"RUS": "supplier", "PRK": "recipient"}, type="arms_transfer")
    make_event(slug="chn-irn", participants={"CHN": "participant", "IRN": "participant"})
    response = client.get(URL, {"participant": "PRK,RUS", "type": "arms_transfer", "from": "2024"})
    assert {mark["data-key"] for mark in elements(response.content, "mark")} == {"rus-prk"}
    csv = elements(response.content, "api-csv")[0]["href"]
    assert csv == "/api/events/?participant=PRK,RUS&type=arms_transfer&from=2024&format=csv"
    api = client.get(csv)
    assert api.status_code == 200 and b"rus-prk" in b"".join(api.streaming_content)
    json_link = elements(response.content, "api-json")[0]["href"]
    assert [row["key"] for row in client.get(json_link).json()["results"]] == ["rus-prk"]


def test_a_form_submission_is_folded_into_the_apis_parameters(client):
    response = client.get(URL + "?participant=RUS&participant=PRK&type=&domain=&lanes=domain")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?participant=RUS,PRK&lanes=domain"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("participant=XXX", "participant"), ("from=2024-13", "from"), ("lanes=state", "lanes"), ("cursor=abc", "cursor")],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.content.decode()


def test_drafts_never_appear(client):
    """A draft event, a published claim about it, a draft claim and a draft source: none is shown or counted."""
    shown = make_event(slug="shown", title="Shown event")
    draft = make_event(slug="draft-event", title="Secret draft event", status="draft")
    make_claim(event=draft, statement="About the draft event")
    make_claim(event=shown, status="draft", statement="Draft claim")
    make_claim(event=shown, sources=[make_source(status="draft", title="Draft source")])
    html = client.get(URL).content.decode()
    assert [mark["data-key"] for mark in elements(html, "mark")] == ["shown"]
    assert "Secret draft event" not in html and "Draft claim" not in html and "Draft source" not in html
    assert elements(html, "mark")[0]["data-evidence"] == "1 supporting, 0 disputing, 0 context"


@pytest.mark.parametrize("n", [1, 50])
def test_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    for i in range(n):
        event = make_event(start=PartialDate(2000 + i % 25), participants={"RUS": "participant", "CHN": "host"})
        make_claim(event=event)
    with django_assert_num_queries(3):  # the states of the form, the events with their counts, the participants
        response = client.get(URL, {"participant": "RUS"})
    assert len(elements(response.content, "mark")) == n


def test_the_form_carries_the_filters_it_has_no_box_for(client):
    make_event(slug="rus-prk", participants={"RUS": "supplier", "PRK": "recipient"})
    html = client.get(URL, {"participant_all": "PRK,RUS", "role": "supplier", "ordering": "title"}).content
    carried = {field["name"]: field["value"] for field in elements(html, "carried")}
    assert carried == {"participant_all": "PRK,RUS", "role": "supplier", "ordering": "title"}


def test_states_other_than_the_axis_are_typed_by_code_or_name(client):
    make_event(slug="ukr", participants={"RUS": "participant", "UKR": "target"})
    make_event(slug="chn", participants={"CHN": "participant"})
    response = client.get(URL + "?participant=CHN&participant=Ukraine,+&participant=")
    assert response["Location"] == f"{URL}?participant=CHN,Ukraine"
    html = client.get(response["Location"]).content
    assert {mark["data-key"] for mark in elements(html, "mark")} == {"ukr", "chn"}
    boxes = {box["value"]: "checked" in box for box in elements(html, "state-box")}
    assert boxes == {"CHN": True, "RUS": False, "UKR": True}  # the axis members in the database, and Ukraine
