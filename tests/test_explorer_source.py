"""The explorer's source page (/sources/<key>/): what the source is, its grade, and every public claim that
cites it with the quote, and what each claim is about; links to the API; published records only; a fixed
number of queries."""

import pytest
from django.urls import reverse

from curation.partial_dates import PartialDate
from tests.explorer_support import elements
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db


def url(key: str) -> str:
    return reverse("explorer:source", args=[key])


def test_the_source_its_grade_and_the_claims_citing_it_with_their_quotes(client):
    source = make_source(slug="rusi", title="RUSI report", publisher="RUSI", reliability="B",
                         published=PartialDate(2024, 11), url="https://rusi.org/report")  # fmt: skip
    other = make_source(slug="other")
    event = make_event(slug="troops", title="Troops sent")
    make_claim(slug="one", event=event, sources=[source, other])
    make_claim(slug="two", relationship=make_relationship("PRK", "RUS", kind="arms_supplier"), sources=[source])
    make_claim(slug="elsewhere", sources=[other])
    html = client.get(url("rusi")).content.decode()
    assert "<h1>RUSI report</h1>" in html and "B - usually reliable" in html and "Nov 2024" in html
    claims = [tr for tr in html.split("<tr data-claim=")[1:]]
    assert [row.split('"')[1] for row in claims] == ["one", "two"]
    assert '<a href="/events/troops/">Troops sent</a>' in claims[0]
    assert "Quote " in claims[0] and "from rusi" in claims[0] and "from other" not in claims[0]
    assert "North Korea – Russia: Arms supplier" in claims[1]
    assert elements(html, "api-json")[0]["href"] == "/api/sources/rusi/"
    csv = elements(html, "api-csv")[0]["href"]
    assert csv == "/api/claims/?source=rusi&format=csv"
    assert b"elsewhere" not in b"".join(client.get(csv).streaming_content)


def test_drafts_never_appear(client):
    """A draft source is a 404; a draft claim, a claim about a draft event or tie is not listed."""
    make_source(slug="draft-source", status="draft")
    assert client.get(url("draft-source")).status_code == 404
    source = make_source(slug="rusi")
    make_claim(slug="draft-claim", sources=[source], status="draft")
    make_claim(slug="about-draft-event", event=make_event(status="draft", title="Draft event"), sources=[source])
    make_claim(slug="about-draft-tie", relationship=make_relationship(status="draft"), sources=[source])
    make_claim(slug="shown", sources=[source])
    html = client.get(url("rusi")).content.decode()
    assert [row.split('"')[1] for row in html.split("<tr data-claim=")[1:]] == ["shown"]
    for hidden in ("draft-claim", "about-draft-event", "about-draft-tie", "Draft event"):
        assert hidden not in html


@pytest.mark.parametrize("n", [1, 50])
def test_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    source = make_source(slug="rusi")
    for i in range(n):
        make_claim(event=make_event() if i % 2 else None, sources=[source, make_source()])
    source.based_on.add(make_source(), make_source(status="draft"))
    make_source().based_on.add(source)
    # The source, what it relies on, what relies on it, the claims with their subjects, their quotes of it.
    with django_assert_num_queries(5):
        response = client.get(url("rusi"))
    assert response.content.decode().count("<tr data-claim=") == n


def test_what_it_relies_on_and_what_relies_on_it_published_only(client):
    source = make_source(slug="echo", title="Echo")
    source.based_on.add(make_source(slug="wire", title="Wire"), make_source(slug="draft-wire", status="draft"))
    make_source(slug="echo-of-echo").based_on.add(source)
    make_source(slug="draft-echo", status="draft").based_on.add(source)
    html = client.get(url("echo")).content.decode()
    assert [item["data-relies-on"] for item in elements(html, "relies-on")] == ["wire"]
    assert [item["data-relied-on-by"] for item in elements(html, "relied-on-by")] == ["echo-of-echo"]
    assert "draft-wire" not in html and "draft-echo" not in html
