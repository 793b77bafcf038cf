"""Every code, name, short name and alias resolves to exactly one state (issue 9, points 1 and 2).

The names table (``events.StateName``) holds each name NFC-normalised and case-folded
under a unique key, kept in step by ``State.save``: an alias that is another state's
name is refused naming both states (admin and CSV), and names typed in another
Unicode form or case resolve to the same state everywhere.
"""

import unicodedata

import pytest
from django.db import IntegrityError
from django.urls import reverse

from curation.csvio.services import csv_file_import, fixtures_import
from events.csv_files import EventResource, StateResource
from events.models import Event, EventParticipant, State, StateName
from tests.admin_forms import form_data
from tests.csvio_helpers import FIXTURES, copy_folder
from tests.factories import make_state, make_states

pytestmark = pytest.mark.django_db

STATES_HEADER = "iso3,name,short_name,aliases,is_axis_member,wikidata_id\n"
EVENTS_HEADER = "key,title,summary,type,domains,start,end,place,participants,status\n"
TURKIYE_NFD = unicodedata.normalize("NFD", "Türkiye")


def import_states(rows: str):
    return csv_file_import(resource_class=StateResource, data=(STATES_HEADER + rows).encode(), file_name="states.csv")


def test_a_state_aliasing_russia_is_refused_and_reimporting_the_fixtures_keeps_russia(tmp_path):
    folder = copy_folder(FIXTURES, tmp_path / "fixtures")
    assert not fixtures_import(folder=folder).has_errors
    russian = set(EventParticipant.objects.filter(state="RUS").values_list("event__slug", flat=True))

    report = import_states("ABW,Aruba,Aruba,RUS;Oranjestad,false,\n")

    assert report.has_errors
    (line,) = report.error_lines()
    assert "aliases" in line and "'RUS'" in line
    assert "Aruba (ABW)" in line and "Russia (RUS)" in line
    assert not State.objects.filter(iso3="ABW").exists()
    again = fixtures_import(folder=folder)
    assert not again.has_errors
    assert again.total("updated") == 0
    assert set(EventParticipant.objects.filter(state="RUS").values_list("event__slug", flat=True)) == russian


def test_two_rows_of_one_file_cannot_share_a_name():
    report = import_states("ABW,Aruba,Aruba,Island,false,\nAIA,Anguilla,Anguilla,ISLAND,false,\n")

    assert report.has_errors
    assert any("Aruba (ABW)" in line and "Anguilla (AIA)" in line for line in report.error_lines())
    assert not State.objects.filter(iso3__in=["ABW", "AIA"]).exists()


def test_the_admin_refuses_an_alias_of_another_state_naming_both(admin_client):
    make_state("PRK")
    add = reverse("admin:events_state_add")
    data = form_data(admin_client.get(add))
    data.update(iso3=["KOR"], name=["Republic of Korea"], short_name=["South Korea"], aliases=["Seoul; dprk"])

    response = admin_client.post(add, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["aliases"]
    assert any("South Korea (KOR)" in error and "North Korea (PRK)" in error for error in errors)
    assert not State.objects.filter(iso3="KOR").exists()


def test_the_names_table_refuses_a_taken_name_whoever_writes_it():
    russia, _korea = make_states("RUS", "PRK")
    with pytest.raises(IntegrityError):
        StateName.objects.create(normalised="dprk", state=russia, field=StateName.Field.ALIAS, text="DPRK")


def test_the_names_table_follows_every_change_of_a_state():
    state = make_state("PRK")
    assert set(state.known_names.values_list("normalised", flat=True)) == {
        "prk",
        "democratic people's republic of korea",
        "north korea",
        "dprk",
        "pyongyang",
    }
    state.aliases = ["Pyongyang", "Choson"]
    state.save()
    assert State.objects.resolve("choson") == state
    assert State.objects.resolve("DPRK") is None
    state.delete()
    assert not StateName.objects.exists()


def test_a_decomposed_name_is_the_same_name():
    make_state("TUR", name="Republic of Türkiye", short_name="Türkiye", aliases=["Turkey"])
    assert TURKIYE_NFD != "Türkiye"

    report = import_states(f"CYP,Republic of Cyprus,Cyprus,{TURKIYE_NFD.upper()},false,\n")

    assert report.has_errors
    assert any("Türkiye (TUR)" in line for line in report.error_lines())


def test_a_decomposed_name_resolves_in_participants_and_search(client):
    make_states("RUS")
    make_state("TUR", name="Republic of Türkiye", short_name="Türkiye", aliases=["Turkey"])
    row = f"talks,Talks,,summit_visit,diplomatic,2024,,,{TURKIYE_NFD}:host;rus:participant,published\n"

    report = csv_file_import(resource_class=EventResource, data=(EVENTS_HEADER + row).encode(), file_name="events.csv")

    assert report.error_lines() == []
    hosts = Event.objects.get(slug="talks").participants.filter(role="host")
    assert list(hosts.values_list("state_id", flat=True)) == ["TUR"]
    response = client.get("/api/states/", {"q": TURKIYE_NFD})
    assert [state["iso3"] for state in response.json()["results"]] == ["TUR"]
