"""The explorer's event page (/events/<key>/): what happened, participants and roles, the ties it founded,
then the public claims grouped by stance, each with its grades and the quotes of its published sources;
links to the API; published records only; a fixed number of queries."""

import pytest
from django.urls import reverse

from curation.partial_dates import PartialDate
from sources.models import Citation
from tests.explorer_support import elements
from tests.factories import make_claim, make_claim_link, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db


def url(key: str) -> str:
    return reverse("explorer:event", args=[key])


def test_what_happened_and_who_took_part(client):
    make_event(slug="drill", title="Naval drill", start=PartialDate(2024, 3, 17), start_approximate=True,
               place="Gulf of Oman", participants={"IRN": "host", "RUS": "participant"})  # fmt: skip
    html = client.get(url("drill")).content.decode()
    assert "<h1>Naval drill</h1>" in html
    assert "c. 17 Mar 2024" in html and "Gulf of Oman" in html
    assert '<a href="/states/IRN/">Iran</a> (host)' in html
    assert elements(html, "api-json")[0]["href"] == "/api/events/drill/"


def test_claims_are_grouped_by_stance_with_grades_sources_and_quotes(client):
    event = make_event(slug="drill")
    reuters = make_source(slug="reuters", title="Reuters report", reliability="B")
    make_claim(event=event, slug="yes", stance="supports", claimant="Pentagon", credibility=2, sources=[reuters])
    make_claim(event=event, slug="no", stance="disputes", claimant="Kremlin", assessment="disputed", sources=[])
    make_claim(event=event, slug="why", stance="context")
    html = client.get(url("drill")).content.decode()
    by_stance = {}
    for claim in elements(html, "claim"):
        by_stance.setdefault(claim["data-stance"], []).append(claim["data-claim"])
    assert by_stance == {"supports": ["yes"], "disputes": ["no"], "context": ["why"]}
    section = html.split('data-claim="yes"')[1].split("</article>")[0]
    assert "Pentagon" in section and "2 - probably true" in section
    assert 'href="/sources/reuters/">Reuters report</a>' in section and "Quote " in section
    assert 'source reliability <span class="grade reliability">B</span>' in section
    assert 'href="/api/claims/yes/"' in section
    assert "Disputed" in html.split('data-claim="no"')[1] and "No published source cited yet." in html
    csv = elements(html, "api-csv")[0]["href"]
    assert csv == "/api/claims/?event=drill&format=csv"
    rows = b"".join(client.get(csv).streaming_content).decode()
    assert all(key in rows for key in ("yes", "no", "why"))


def test_drafts_never_appear(client):
    """A draft event is a 404; a draft claim, a draft source's quote and a draft tie are not shown."""
    make_event(slug="draft-event", status="draft")
    assert client.get(url("draft-event")).status_code == 404
    event = make_event(slug="drill")
    make_claim(event=event, statement="Draft claim text", status="draft")
    make_claim(event=event, slug="shown", sources=[make_source(title="Draft source title", status="draft")])
    make_relationship("IRN", "RUS", founding_event=event, slug="draft-tie", status="draft")
    make_relationship("CHN", "RUS", founding_event=event, slug="published-tie")
    html = client.get(url("drill")).content.decode()
    assert [claim["data-claim"] for claim in elements(html, "claim")] == ["shown"]
    assert "Draft claim text" not in html and "Draft source title" not in html and "draft-tie" not in html
    assert 'data-tie="published-tie"' in html


def test_an_unknown_key_is_a_404_and_parameters_are_refused(client):
    assert client.get(url("no-such-event")).status_code == 404
    make_event(slug="drill")
    response = client.get(url("drill"), {"format": "json"})
    assert response.status_code == 400 and "<code>format</code>" in response.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    event = make_event(slug="drill", participants={"RUS": "participant", "CHN": "host"})
    source = make_source()
    claims = [
        make_claim(event=event, stance=["supports", "disputes", "context"][i % 3], sources=[source, make_source()])
        for i in range(n)
    ]
    for claim, previous in zip(claims[1:], claims, strict=False):
        make_claim_link(claim, previous, "corroborates")
    make_relationship("CHN", "RUS", founding_event=event)
    # The event, its participants, the ties it founded, the claims, their citations with their sources,
    # the links between claims.
    with django_assert_num_queries(6):
        response = client.get(url("drill"))
    assert len(elements(response.content, "claim")) == n


def test_links_between_claims_are_a_small_graph_with_circular_reporting_and_attribution(client):
    event = make_event(slug="drill")
    wire = make_source(slug="wire", title="Wire report")
    echo = make_source(slug="echo", title="Echo of the wire")
    echo.based_on.add(wire)
    yes = make_claim(event=event, slug="yes", stance="supports", sources=[wire, echo])
    no = make_claim(event=event, slug="no", stance="disputes")
    elsewhere = make_claim(slug="elsewhere", event=make_event(slug="other-event"))
    hidden = make_claim(slug="hidden-draft", event=event, status="draft")
    make_claim_link(no, yes, "contradicts")
    make_claim_link(yes, elsewhere, "corroborates")
    make_claim_link(hidden, yes, "corroborates")
    Citation.objects.filter(claim=no).update(attribution="alleges")
    html = client.get(url("drill")).content.decode()
    drawn = {(link["data-from"], link["data-to"], link["data-kind"]) for link in elements(html, "link")}
    assert drawn == {("no", "yes", "contradicts"), ("yes", "elsewhere", "corroborates")}
    nodes = {node["data-claim"]: node["class"].split() for node in elements(html, "claim-node")}
    assert set(nodes) == {"yes", "no", "elsewhere"} and "column-other" in nodes["elsewhere"]
    assert "circular" in nodes["yes"] and "circular" not in nodes["no"]
    yes_article = html.split('data-claim="yes" data-stance')[1].split("</article>")[0]
    assert "circular reporting" in yes_article and "1 independent origin" in yes_article
    assert "Alleges" in html.split('data-claim="no" data-stance')[1].split("</article>")[0]
    assert "hidden-draft" not in html
