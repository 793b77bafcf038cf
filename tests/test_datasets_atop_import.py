"""``import_atop``: ATOP v4.01 alliances as treaty events, ties by obligation and claims by ATOP (issue 11),
on the excerpts of the real files in tests/data/external (see its README)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from datasets.services import atop_import
from events.models import Event, Relationship, State
from sources.models import Claim
from tests.csvio_helpers import table_counts
from tests.factories import make_states

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "external"
ALLIANCES = DATA / "atop-alliance-level-excerpt.csv"
MEMBERS = DATA / "atop-member-level-excerpt.csv"


def run(members: bytes | None = None, **options):
    options.setdefault("add_states", True)
    return atop_import(
        alliances=io.BytesIO(ALLIANCES.read_bytes()),
        members=io.BytesIO(members or MEMBERS.read_bytes()),
        **options,
    )


def tie(slug: str) -> Relationship:
    return Relationship.objects.get(slug=slug)


def test_the_1961_treaty_of_china_and_north_korea_is_in_force_with_its_obligations(client):
    make_states("CHN", "PRK", "RUS", "IRN")
    report = run(publish=True)

    assert report.committed and report.errors == []
    defence = tie("atop-3445-chn-prk-defence-pact")
    assert (defence.start.value, defence.end) == ("1961-07-11", None)
    assert tie("atop-3445-chn-prk-non-aggression-pact").kind == "non_aggression_pact"
    treaty = Event.objects.get(slug="atop-3445")
    assert (treaty.type, treaty.start.value) == ("treaty_agreement", "1961-07-11")
    assert sorted(treaty.participants.values_list("state_id", flat=True)) == ["CHN", "PRK"]
    assert defence.founding_event == treaty
    claim = defence.claims.get()
    assert claim.claimant.startswith("ATOP")
    citation = claim.citations.get()
    assert citation.quote.startswith("3445,3547,265,710,") and "\n3445,3547,265,731," in citation.quote
    assert citation.source.title.startswith("Alliance Treaty Obligations and Provisions")
    response = client.get("/api/relationships/", {"pair": "CHN,PRK", "kind": "defence_pact"})
    assert [r["key"] for r in response.json()["results"]] == ["atop-3445-chn-prk-defence-pact"]


def test_dates_keep_the_precision_atop_gives():
    run()
    assert tie("atop-1035-deu-gbr-defence-pact").end.value == "1822-12"  # the day of the end is unknown
    assert tie("atop-3440-prk-sun-defence-pact").end.value == "1996-09-10"
    # 1115 (begun 1844-06, day unknown) is Britain and the Russian Empire: one member with an ISO code.
    assert not Event.objects.filter(slug="atop-1115").exists()


def test_cow_365_is_the_soviet_union_while_it_existed_and_russia_after():
    make_states("RUS")
    run()
    assert tie("atop-3440-prk-sun-defence-pact").state_b_id == "SUN"
    assert Relationship.objects.filter(slug="atop-4940-prk-rus-consultation-pact").exists()
    assert State.objects.get(iso3="SUN").successor_id == "RUS"


def test_states_that_have_no_iso_code_are_skipped_and_counted():
    report = run()
    assert report.skipped["COW 300 (Austria-Hungary)"] == 1
    assert report.skipped["COW 365 before 1922 (the Russian Empire: no ISO code of its own)"] == 2
    assert not Relationship.objects.filter(state_b="SUN", slug__startswith="atop-1035").exists()


def test_unknown_states_stop_the_import():
    make_states("CHN", "PRK")
    before = table_counts()
    report = run(add_states=False)
    assert report.stopped and "COW 630 (Iran): IRN" in report.unknown
    assert table_counts() == before


def test_a_member_that_left_and_rejoined():
    run()
    # Member 651 of alliance 3015 left in 1979 and rejoined in 1989: with no second member in
    # the excerpt it forms no tie, and the alliance is not imported.
    assert not Event.objects.filter(slug="atop-3015").exists()


def test_reimporting_changes_nothing_and_the_command_prints_counts(capsys):
    run()
    counts = table_counts()
    call_command("import_atop", str(ALLIANCES), str(MEMBERS))
    out = capsys.readouterr().out
    assert f"relationships: 0 created, 0 updated, {Relationship.objects.count()} unchanged, 0 conflicts" in out
    assert table_counts() == counts
    assert Claim.objects.filter(status="draft").count() == Relationship.objects.count()
