"""A source's ``claim_count``: kept in its row by PostgreSQL (sources migration 0013), so that a page of
sources costs the same whatever the claims behind it (issue 15: SIPRI's 28,699 claims were counted
once per row of every page).

The count must stay what the API always showed: the public claims (``Claim.objects.public()``)
citing the source, recounted here from scratch after every kind of write that can change it.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from curation.workflow.status import EditorialStatus
from events.models import Event, Relationship
from sources.models import Citation, Claim, Source
from tests.api_support import csv_rows, fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db

URL = "/api/sources/"
DRAFT, PUBLISHED, RETRACTED = EditorialStatus.DRAFT, EditorialStatus.PUBLISHED, EditorialStatus.RETRACTED


def recount(source: Source) -> int:
    """What the count means: the public claims citing the source, counted the slow way."""
    return Claim.objects.public().filter(citations__source=source).count()


def shown_counts(client) -> dict[str, int]:
    """Every listed source's ``claim_count``, from the API (one page of up to 100)."""
    body = client.get(URL, {"page_size": 100}).json()
    assert body["next"] is None
    return {row["key"]: row["claim_count"] for row in body["results"]}


def assert_counts(client, expected: dict[str, int]) -> None:
    """The API shows ``expected`` for the published sources, and every source's stored count is a recount."""
    assert shown_counts(client) == {
        key: count for key, count in expected.items() if Source.objects.get(slug=key).status == PUBLISHED
    }
    for source in Source.objects.all():
        assert source.claim_count == recount(source) == expected[source.slug], source.slug


@pytest.fixture
def world():
    sources = {slug: make_source(slug=slug) for slug in ("a", "b", "c")}
    make_source(slug="hidden", status=DRAFT)
    return sources


def test_counts_only_public_claims_as_before(client, world):
    a, b, c = world["a"], world["b"], world["c"]
    hidden = Source.objects.get(slug="hidden")
    draft_event, draft_tie = make_event(status=DRAFT), make_relationship(status=DRAFT)
    make_claim(sources=[a, b])
    make_claim(sources=[a], event=make_event(), relationship=make_relationship("IRN", "RUS"))
    make_claim(sources=[a, c], status=DRAFT)
    make_claim(sources=[b], status=RETRACTED, retraction_reason="Withdrawn by the source.")
    make_claim(sources=[c], event=draft_event)
    make_claim(sources=[c], relationship=draft_tie)
    make_claim(sources=[hidden, a])  # a draft source counts its claims, and is not listed
    assert_counts(client, {"a": 3, "b": 1, "c": 0, "hidden": 1})
    assert client.get(f"{URL}a/").json()["claim_count"] == 3
    assert client.get(f"{URL}hidden/").status_code == 404

    Source.objects.filter(slug="hidden").update(status=PUBLISHED)
    assert client.get(f"{URL}hidden/").json()["claim_count"] == 1


def test_every_write_that_changes_what_readers_see_moves_the_count(client, world):
    a, b, c = world["a"], world["b"], world["c"]
    event, tie = make_event(status=DRAFT), make_relationship(status=DRAFT)
    about_event = make_claim(sources=[a, b], event=event)
    about_both = make_claim(sources=[c], event=event, relationship=tie)
    plain = make_claim(sources=[a])
    assert_counts(client, {"a": 1, "b": 0, "c": 0, "hidden": 0})

    Event.objects.filter(pk=event.pk).update(status=PUBLISHED)  # its claims appear, but not those of the draft tie
    assert_counts(client, {"a": 2, "b": 1, "c": 0, "hidden": 0})
    Relationship.objects.filter(pk=tie.pk).update(status=PUBLISHED)
    assert_counts(client, {"a": 2, "b": 1, "c": 1, "hidden": 0})

    plain.status, plain.retraction_reason = RETRACTED, "Shown to be false."
    plain.save()
    assert_counts(client, {"a": 1, "b": 1, "c": 1, "hidden": 0})
    Claim.objects.filter(pk=plain.pk).update(status=PUBLISHED, retraction_reason="")
    assert_counts(client, {"a": 2, "b": 1, "c": 1, "hidden": 0})

    Claim.objects.filter(pk=about_both.pk).update(relationship=make_relationship("IRN", "PRK", status=DRAFT))
    assert_counts(client, {"a": 2, "b": 1, "c": 0, "hidden": 0})
    Claim.objects.filter(pk=about_both.pk).update(relationship=None)
    assert_counts(client, {"a": 2, "b": 1, "c": 1, "hidden": 0})

    Citation.objects.filter(claim=about_event, source=b).update(source=c)  # a citation moved to another source
    assert_counts(client, {"a": 2, "b": 0, "c": 2, "hidden": 0})
    Citation.objects.filter(claim=plain).delete()
    assert_counts(client, {"a": 1, "b": 0, "c": 2, "hidden": 0})
    about_event.delete()  # its citations go first
    assert_counts(client, {"a": 0, "b": 0, "c": 1, "hidden": 0})

    event.status = DRAFT
    event.save()  # about_both is hidden with it
    assert_counts(client, {"a": 0, "b": 0, "c": 0, "hidden": 0})
    Claim.objects.filter(pk=about_both.pk).update(event=None, stance="context")
    assert_counts(client, {"a": 0, "b": 0, "c": 1, "hidden": 0})


def test_a_citation_written_before_its_claim_counts(client, world):
    # Foreign keys are checked at commit: an import may write a claim's citations before the claim.
    claim_id = (Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with transaction.atomic():
        Citation.objects.create(claim_id=claim_id, source=world["b"], quote="Said first.")
        make_claim(id=claim_id, sources=[world["a"]])
    assert_counts(client, {"a": 1, "b": 1, "c": 0, "hidden": 0})


def test_what_the_application_writes_to_the_count_is_ignored(client, world):
    stale = Source.objects.get(slug="a")  # read before its claims: claim_count 0
    make_claim(sources=[world["a"]])
    stale.title = "Edited while claims were added"
    stale.save()  # writes every field, its stale count too
    Source.objects.filter(slug="b").update(claim_count=99)
    Source.objects.create(slug="new", title="New", kind="news_article", claim_count=5)
    assert_counts(client, {"a": 1, "b": 0, "c": 0, "hidden": 0, "new": 0})
    assert Source.objects.get(slug="a").title == "Edited while claims were added"


def test_a_new_count_is_no_new_version_of_the_source(world):
    history = Source.pgh_event_model.objects.filter(pgh_obj=world["a"])
    versions = history.count()
    make_claim(sources=[world["a"]])
    assert Source.objects.get(slug="a").claim_count == 1
    assert history.count() == versions


def test_ordering_by_the_count_with_ties_by_key_across_pages(client, world):
    a, b, c = world["a"], world["b"], world["c"]
    make_source(slug="d")
    make_claim(sources=[a, b, c])
    make_claim(sources=[b, c])
    make_claim(sources=[b])
    make_claim(sources=[a], status=DRAFT)
    assert keys(client, URL, ordering="-claim_count") == ["b", "c", "a", "d"]
    assert keys(client, URL, ordering="claim_count") == ["d", "a", "c", "b"]
    assert keys(client, URL, ordering="-claim_count,-key") == ["b", "c", "a", "d"]
    make_claim(sources=[a])  # a ties with c: by key
    assert keys(client, URL, ordering="-claim_count") == ["b", "a", "c", "d"]
    seen, page = [], client.get(URL, {"ordering": "claim_count", "page_size": 1}).json()
    while True:
        seen += [(row["key"], row["claim_count"]) for row in page["results"]]
        if page["next"] is None:
            break
        page = client.get(page["next"]).json()
    assert seen == [("d", 0), ("a", 2), ("c", 2), ("b", 3)]
    back = client.get(client.get(URL, {"ordering": "claim_count", "page_size": 2}).json()["next"]).json()
    assert [row["key"] for row in client.get(back["previous"]).json()["results"]] == ["d", "a"]


def many_sources(rows: int) -> None:
    sources = [make_source(slug=f"s-{n:03d}") for n in range(rows)]
    for n, source in enumerate(sources):
        make_claim(sources=[source, sources[(n + 1) % rows]] if rows > 1 else [source])


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("ordering", [None, "-claim_count", "claim_count,-key"])
def test_a_page_costs_the_same_queries_whatever_it_holds(client, django_assert_num_queries, rows, ordering):
    many_sources(rows)
    params = {"page_size": 100, **({"ordering": ordering} if ordering else {})}
    with django_assert_num_queries(2):  # the public data's version, the sources
        body = client.get(URL, params).json()
    assert len(body["results"]) == rows
    assert all(row["claim_count"] == (1 if rows == 1 else 2) for row in body["results"])


def page_query(client, params) -> str:
    """The page's statement with its parameters in place (the API binds them on the server: its log shows $1)."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(URL, params).status_code == 200
    (sql,) = [connection.ops.compose_sql(sql, params) for sql, params in statements if 'FROM "sources_source"' in sql]
    return sql


@pytest.mark.parametrize("ordering", [None, "-claim_count", "claim_count"])
def test_the_page_reads_the_sources_alone(client, ordering):
    many_sources(3)
    params = {"ordering": ordering} if ordering else {}
    sql = page_query(client, params)
    # No subquery per row (the count was one over every claim), nor any join to the claims.
    assert sql.count("SELECT") == 1
    assert "sources_claim" not in sql and "sources_citation" not in sql
    assert '"sources_source"."claim_count"' in sql


@pytest.mark.parametrize(
    ("ordering", "index"),
    [
        ("-claim_count", "source_public_claims_desc_idx"),
        ("-claim_count,key", "source_public_claims_desc_idx"),
        ("claim_count", "source_public_claims_asc_idx"),
        ("claim_count,-key", "source_public_claims_desc_idx"),  # read backwards
    ],
)
def test_ordering_by_the_count_walks_an_index(client, ordering, index):
    # With a handful of rows PostgreSQL rightly sorts them; without that choice it must still find an
    # index in the page's exact order (NULLs placement included), the first page and the next alike,
    # or a list of many sources would sort them all for each page.
    many_sources(30)
    first = client.get(URL, {"ordering": ordering, "page_size": 5}).json()
    for params in (
        {"ordering": ordering, "page_size": 5},
        {"ordering": ordering, "page_size": 5, "cursor": cursor(first)},
    ):
        sql = page_query(client, params)
        with connection.cursor() as db:
            db.execute("SET LOCAL enable_seqscan = off")
            db.execute("SET LOCAL enable_sort = off")
            db.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in db.fetchall())
        assert index in plan, plan
        assert "Sort" not in plan, plan


def cursor(page: dict) -> str:
    return parse_qs(urlsplit(page["next"]).query)["cursor"][0]


# --- The claims citing one source (the claims list's source=, the explorer's source page) ------------


def test_the_claims_citing_a_source_name_it_by_id(client, django_assert_num_queries):
    # By id, as a constant: PostgreSQL's statistics of the citations then tell a source cited three
    # times from SIPRI. Joined by its key, the source was an average one, and the claims list walked
    # every claim to find its three.
    many_sources(3)
    source = Source.objects.get(slug="s-001")
    with django_assert_num_queries(5):  # version, the source's id, claims, their states, their citations
        response = client.get("/api/claims/", {"source": "s-001"})
    assert sorted(row["key"] for row in response.json()["results"]) == sorted(
        Claim.objects.public().filter(citations__source=source).values_list("slug", flat=True)
    )
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/claims/", {"source": "s-001"})
    (sql,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "sources_claim"."id"')]
    assert f'"source_id" = {source.pk})' in sql
    assert "sources_source" not in sql


def test_the_claims_citing_a_draft_or_unknown_source_are_none(client):
    draft = make_source(slug="draft", status=DRAFT)
    make_claim(sources=[draft])
    assert keys(client, "/api/claims/", source="draft") == []
    assert keys(client, "/api/claims/", source="nowhere") == []
    response = client.get("/api/claims/", {"source": "draft", "format": "csv"})
    assert response.status_code == 200
    assert csv_rows(response) == []


def test_the_admin_still_counts_every_claim_citing_a_source(admin_client, world):
    # Editors see drafts: the changelist's "claims" column is every claim, not the public count.
    make_claim(sources=[world["a"]])
    make_claim(sources=[world["a"]], status=DRAFT)
    page = admin_client.get("/admin/sources/source/").content.decode()
    assert '<td class="field-claims_citing">2</td>' in page
    assert Source.objects.get(slug="a").claim_count == 1
