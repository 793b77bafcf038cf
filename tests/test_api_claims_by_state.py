"""claims?state=: a common state is checked claim by claim along the list's order, a rare one is found from
its own rows through their indexes; both give the same claims (issue 15)."""

import pytest

from sources import models
from sources.models import Claim
from tests.api_support import fresh_throttle  # noqa: F401
from tests.test_api_claims import claims  # noqa: F401

pytestmark = pytest.mark.django_db

EXPECTED = {
    "PRK": {"shells-millions", "axis-overstated", "sole-ally"},  # via event, tag, relationship
    "CHN": {"drill-third-year", "sole-ally"},
    "IRN": {"axis-overstated"},
    "USA": set(),
}


@pytest.mark.parametrize("common_from", [1, 10**6], ids=["common", "rare"])
def test_both_forms_find_the_same_claims(client, claims, monkeypatch, common_from):  # noqa: F811
    monkeypatch.setattr(models, "COMMON_STATE_ROWS", common_from)
    for state, expected in EXPECTED.items():
        body = client.get("/api/claims/", {"state": state}).json()
        assert {claim["key"] for claim in body["results"]} == expected, state
        citations = client.get("/api/citations/", {"state": state}).json()["results"]
        assert {citation["claim"]["key"] for citation in citations} == expected, state


def test_the_form_follows_how_often_the_state_is_named(claims, monkeypatch):  # noqa: F811
    assert models.state_rows("PRK") == 3  # a participation, a tag, a tie
    monkeypatch.setattr(models, "COMMON_STATE_ROWS", 3)
    assert "EXISTS" in str(Claim.objects.about_state("PRK").query)
    assert "UNION ALL" in str(Claim.objects.about_state("IRN").query)  # one tag only: a rare state
