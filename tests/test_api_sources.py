"""/api/sources/: representation (grade, number of claims), filters, ordering."""

import pytest

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from sources.models import Source
from tests.api_support import csv_rows, fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

URL = "/api/sources/"


def test_a_source_carries_its_grade_and_its_number_of_claims(client):
    source = make_source(
        slug="reuters-2024",
        title="Russia proposes naval drills",
        publisher="Reuters",
        authors=["A. Writer", "B. Writer"],
        published=PartialDate(2024, 9, 1),
        published_approximate=False,
        url="https://www.reuters.com/world/",
        kind="news_article",
        reliability="B",
        notes="Named by seed article 003.",
    )
    make_claim(sources=[source])
    make_claim(sources=[source])
    make_claim(sources=[source], status=EditorialStatus.DRAFT)  # not counted
    make_claim(sources=[source], event=make_event(status=EditorialStatus.DRAFT))  # hidden with its event

    body = client.get(f"{URL}reuters-2024/").json()

    assert body == {
        "key": "reuters-2024",
        "api_url": "http://testserver/api/sources/reuters-2024/",
        "title": "Russia proposes naval drills",
        "publisher": "Reuters",
        "authors": ["A. Writer", "B. Writer"],
        "published": {"value": "2024-09-01", "precision": "day", "approximate": False},
        "url": "https://www.reuters.com/world/",
        "retrieved": None,
        "archive_url": None,
        "kind": "news_article",
        "reliability": "B",
        "notes": "Named by seed article 003.",
        "claim_count": 2,
    }
    assert client.get(URL).json()["results"] == [body]


def test_an_unknown_url_and_date_are_null(client):
    make_source(slug="undated", url="", published=None)
    body = client.get(f"{URL}undated/").json()
    assert body["url"] is None
    assert body["published"] is None
    assert body["claim_count"] == 0


@pytest.fixture
def sources():
    make_source(slug="reuters", title="Naval drills proposed", publisher="Reuters", reliability="B")
    make_source(slug="rusi", title="Shells and missiles", publisher="RUSI", kind="analysis", reliability="C")
    make_source(slug="nis", title="Briefing on troops", publisher="NIS", kind="government_statement", reliability="F")
    make_source(slug="study", title="An axis overstated", publisher="", kind="academic_study", reliability="C")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "analysis"}, {"rusi"}),
        ({"kind": "dataset"}, set()),
        ({"publisher": "Reuters"}, {"reuters"}),
        ({"publisher": "reuters"}, {"reuters"}),  # any case
        ({"publisher": "Reut"}, set()),  # but the whole name
        ({"reliability": "C"}, {"rusi", "study"}),
        ({"reliability": "F"}, {"nis"}),
        ({"reliability": "A"}, set()),
        ({"q": "missile"}, {"rusi"}),
        ({"q": "rusi"}, {"rusi"}),  # the publisher is searched too
        ({"q": "drills OR troops"}, {"reuters", "nis"}),
        ({"q": "axis", "reliability": "C"}, {"study"}),
    ],
)
def test_filters(client, sources, params, expected):
    assert set(keys(client, URL, **params)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("key", ["nis", "reuters", "rusi", "study"]),
        ("-reliability,key", ["nis", "rusi", "study", "reuters"]),
        ("title", ["study", "nis", "reuters", "rusi"]),
    ],
)
def test_ordering(client, sources, ordering, expected):
    assert keys(client, URL, ordering=ordering) == expected


def test_ordering_by_publication_date_puts_undated_last(client):
    make_source(slug="b", published=PartialDate(2020))
    make_source(slug="a", published=None)
    make_source(slug="c", published=PartialDate(2019, 5))
    assert keys(client, URL, ordering="published") == ["c", "b", "a"]
    assert keys(client, URL, ordering="-published") == ["b", "c", "a"]


def test_ordering_by_claim_count_pages_and_counts_public_claims_only(client, sources):
    rusi, nis, study = (Source.objects.get(slug=slug) for slug in ("rusi", "nis", "study"))
    make_claim(sources=[rusi, nis])
    make_claim(sources=[rusi])
    make_claim(sources=[rusi, study], status=EditorialStatus.DRAFT)  # not counted
    make_claim(sources=[nis, study], event=make_event(status=EditorialStatus.DRAFT))  # hidden with its event
    assert keys(client, URL, ordering="-claim_count,key") == ["rusi", "nis", "reuters", "study"]
    assert keys(client, URL, ordering="claim_count,-key") == ["study", "reuters", "nis", "rusi"]
    first = client.get(URL, {"ordering": "-claim_count,key", "page_size": 2}).json()
    assert [row["claim_count"] for row in first["results"]] == [2, 1]
    second = client.get(first["next"]).json()
    assert [row["key"] for row in second["results"]] == ["reuters", "study"]
    rows = csv_rows(client.get(URL, {"ordering": "-claim_count,key", "format": "csv"}))
    assert [row["key"] for row in rows] == ["rusi", "nis", "reuters", "study"]
