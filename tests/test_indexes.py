"""Every filter the API and admin offer can be answered from an index.

With sequential scans priced out of reach (enable_seqscan = off), PostgreSQL's
plan for each filter must read the index named here. This checks the plan's
shape, not its speed; the timings are in benchmarks/.
"""

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import F

from events.models import Event, EventParticipant, Relationship
from sources.models import Citation, Claim, Source
from tests.factories import make_claim, make_event, make_relationship

pytestmark = pytest.mark.django_db

MARCH_2024 = DateRange(datetime.date(2024, 3, 1), datetime.date(2024, 3, 31), "[]")

CASES = {
    "event type": (lambda: Event.objects.filter(type="arms_transfer"), "type"),
    "event domain": (lambda: Event.objects.filter(domains__contains=["economic"]), "domains"),
    "event date window": (lambda: Event.objects.filter(period__overlap=MARCH_2024), "period"),
    "event search": (
        lambda: Event.objects.filter(search=SearchQuery("naval", search_type="websearch", config="english")),
        "search",
    ),
    "event status": (lambda: Event.objects.filter(status="draft"), "status"),
    "event default order": (
        lambda: Event.objects.order_by(F("start").desc(nulls_last=True), "slug")[:10],
        "event_latest_first_idx",
    ),
    "participant state and role": (
        lambda: EventParticipant.objects.filter(state="PRK", role="supplier"),
        "state_id",
    ),
    "relationship kind": (lambda: Relationship.objects.filter(kind="arms_supplier"), "kind"),
    "relationship state B": (lambda: Relationship.objects.filter(state_b="PRK"), "state_b"),
    "relationship active on": (
        lambda: Relationship.objects.filter(period__contains=datetime.date(2020, 1, 1)),
        "period",
    ),
    "claim claimant contains": (lambda: Claim.objects.filter(claimant__icontains="bauer"), "claim_claimant_trigram"),
    "claim stance": (lambda: Claim.objects.filter(stance="disputes"), "stance"),
    "claim credibility": (lambda: Claim.objects.filter(credibility=2), "credibility"),
    "claim assessment": (lambda: Claim.objects.filter(assessment="disputed"), "assessment"),
    "claim event": (lambda: Claim.objects.filter(event_id=1), "event_id"),
    "claim search": (
        lambda: Claim.objects.filter(search=SearchQuery("shells", search_type="websearch", config="english")),
        "search",
    ),
    "citation source": (lambda: Citation.objects.filter(source_id=1), "source"),
    "citation quote search": (
        lambda: Citation.objects.filter(search=SearchQuery("drones", search_type="websearch", config="english")),
        "search",
    ),
    "source kind": (lambda: Source.objects.filter(kind="dataset"), "kind"),
    "source reliability": (lambda: Source.objects.filter(reliability="A"), "reliability"),
    "source publisher any case": (lambda: Source.objects.filter(publisher__iexact="reuters"), "publisher_any_case"),
    "source date window": (lambda: Source.objects.filter(published__overlap=MARCH_2024), "published"),
}


@pytest.fixture(autouse=True)
def some_rows():
    make_event(participants={"PRK": "supplier", "RUS": "recipient"})
    make_relationship("CHN", "PRK")
    make_claim()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_filter_reads_an_index(case):
    queryset, index_hint = CASES[case]
    queryset = queryset()
    if not queryset.query.is_sliced:
        queryset = queryset.order_by()  # a sort-avoiding scan of another index would hide the filter's
    plan = queryset.explain()
    assert "Index" in plan and "Seq Scan" not in plan, plan
    assert index_hint in plan, plan
