"""The evidence rules of issue 10, each through the ORM, the admin form and the CSV import:
a link of a claim to itself, the same link twice, a cycle of derives_from/supersedes links,
'corroborated' with one independent origin, 'disputes' naming nothing; and the origin count
and circular-reporting flag that PostgreSQL keeps on every claim.

The rules checked at commit are deferred constraint triggers; inside a test's transaction
``SET CONSTRAINTS ALL IMMEDIATE`` runs them, as a commit would.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from curation.csvio.services import csv_file_import, fixtures_import
from sources.models import Citation, Claim, ClaimLink
from sources.resources import ClaimResource
from tests.factories import make_claim, make_claim_link, make_source, make_state

pytestmark = pytest.mark.django_db


def commit_checks():
    """What a commit would check now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def refused_by_database(constraint, write):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        write()
        commit_checks()
    assert refused.value.__cause__.diag.constraint_name == constraint


def cite(claim, source, attribution="asserts"):
    Citation.objects.create(claim=claim, source=source, quote="Quoted.", attribution=attribution)


# --- independent origins, kept by the database -----------------------------------------------------


def test_sources_that_lead_back_to_one_origin_count_once_and_are_flagged():
    reuters = make_source(slug="reuters")
    article, other = make_source(slug="article"), make_source(slug="other")
    claim = make_claim(sources=[article, other])
    claim.refresh_from_db()
    assert (claim.origin_count, claim.circular_reporting) == (2, False)

    article.based_on.add(reuters)
    other.based_on.add(reuters)

    claim.refresh_from_db()
    assert (claim.origin_count, claim.circular_reporting) == (1, True)
    assert sorted(article.__class__.objects.get(pk=article.pk).origins) == [reuters.pk]

    other.based_on.remove(reuters)
    claim.refresh_from_db()
    assert (claim.origin_count, claim.circular_reporting) == (2, False)


def test_citations_that_only_report_count_as_one_origin_and_denials_support_nothing():
    claim = make_claim(sources=[])
    cite(claim, make_source(), "reports")
    cite(claim, make_source(), "reports")
    claim.refresh_from_db()
    assert (claim.origin_count, claim.circular_reporting) == (1, True)

    cite(claim, make_source(), "denies")
    claim.refresh_from_db()
    assert claim.origin_count == 1

    cite(claim, make_source(), "suggests")
    claim.refresh_from_db()
    assert (claim.origin_count, claim.circular_reporting) == (2, False)


def test_a_source_cannot_rely_on_itself_even_through_others():
    a, b = make_source(), make_source()
    a.based_on.add(b)
    with pytest.raises(IntegrityError), transaction.atomic():
        b.based_on.add(a)
    with pytest.raises(IntegrityError), transaction.atomic():
        a.based_on.add(a)


# --- through the ORM -------------------------------------------------------------------------------


def test_the_database_refuses_a_link_to_itself_the_same_link_twice_and_a_cycle():
    a, b, c = make_claim(), make_claim(), make_claim()
    refused_by_database("claimlink_not_to_itself", lambda: make_claim_link(a, a, "qualifies"))
    make_claim_link(a, b, "qualifies")
    refused_by_database("claimlink_once", lambda: make_claim_link(a, b, "qualifies"))

    make_claim_link(a, b, "derives_from")
    make_claim_link(b, c, "supersedes")
    refused_by_database("claimlink_no_cycle", lambda: make_claim_link(c, a, "derives_from"))
    make_claim_link(c, a, "contradicts")  # only derives_from and supersedes may not go round
    assert ClaimLink.objects.count() == 4


def test_the_database_refuses_corroborated_with_one_origin_at_commit():
    reuters = make_source()
    article, other = make_source(), make_source()
    article.based_on.add(reuters)
    other.based_on.add(reuters)

    refused_by_database(
        "claim_corroborated_needs_two_origins",
        lambda: make_claim(sources=[article, other], assessment="corroborated"),
    )
    claim = make_claim(sources=[article, make_source()], assessment="corroborated")
    commit_checks()  # two origins: accepted
    refused_by_database(
        "claim_corroborated_needs_two_origins", lambda: Citation.objects.filter(claim=claim, source=article).delete()
    )


def test_the_database_refuses_a_dispute_of_nothing_at_commit():
    make_state("PRK")
    refused_by_database("claim_disputes_names_target", lambda: make_claim(states=["PRK"], stance="disputes"))

    target = make_claim()
    claim = make_claim(states=["PRK"], stance="disputes")
    make_claim_link(claim, target, "contradicts")
    commit_checks()  # it names the claim it contradicts
    refused_by_database("claim_disputes_names_target", lambda: claim.links.all().delete())


# --- through the admin form ------------------------------------------------------------------------


def management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def claim_post(citations, links=(), **fields):
    data = {
        "slug": "nk-shells",
        "statement": "North Korea supplied shells.",
        "claimant": "Reuters",
        "states": ["PRK"],
        "stance": "supports",
        "credibility": "3",
        "assessment": "unverified",
        "status": "draft",
        **management("citations", len(citations)),
        **management("links", len(links)),
        **fields,
    }
    for n, (source, attribution) in enumerate(citations):
        data.update(
            {
                f"citations-{n}-source": str(source.pk),
                f"citations-{n}-quote": "North Korea supplied shells.",
                f"citations-{n}-attribution": attribution,
            }
        )
    for n, (kind, other) in enumerate(links):
        data.update({f"links-{n}-kind": kind, f"links-{n}-to_claim": str(other.pk)})
    return data


def add_claim(client, data):
    return client.post(reverse("admin:sources_claim_add"), data)


def test_the_admin_refuses_corroborated_naming_the_origins_that_collapsed(admin_client):
    make_state("PRK")
    reuters = make_source(slug="reuters-report")
    article, other = make_source(slug="article-a"), make_source(slug="article-b")
    article.based_on.add(reuters)
    other.based_on.add(reuters)

    response = add_claim(
        admin_client, claim_post([(article, "asserts"), (other, "asserts")], assessment="corroborated")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "needs at least two independent origins" in page
    assert "article-a and article-b lead back to one origin (reuters-report)" in page
    assert not Claim.objects.exists()

    independent = make_source(slug="own-origin")
    response = add_claim(
        admin_client, claim_post([(article, "asserts"), (independent, "asserts")], assessment="corroborated")
    )
    assert response.status_code == 302
    assert Claim.objects.get().origin_count == 2


def test_the_admin_refuses_two_unnamed_reports_as_corroboration(admin_client):
    make_state("PRK")
    a, b = make_source(slug="blog-a"), make_source(slug="blog-b")
    response = add_claim(admin_client, claim_post([(a, "reports"), (b, "reports")], assessment="corroborated"))
    assert "blog-a and blog-b lead back to one origin (unnamed reports)" in response.content.decode()
    assert not Claim.objects.exists()


def test_the_admin_refuses_a_dispute_of_nothing_and_takes_one_that_contradicts_a_claim(admin_client):
    make_state("PRK")
    source = make_source()
    response = add_claim(admin_client, claim_post([(source, "suggests")], stance="disputes"))
    assert response.status_code == 200
    assert "A claim that disputes must name what it disputes" in response.content.decode()
    assert not Claim.objects.exists()

    target = make_claim()
    response = add_claim(admin_client, claim_post([(source, "suggests")], [("contradicts", target)], stance="disputes"))
    assert response.status_code == 302
    assert Claim.objects.get(slug="nk-shells").links.get().to_claim == target


def test_the_admin_refuses_a_cycle_of_links_with_the_reason(admin_client):
    make_state("PRK")
    first = make_claim(states=["PRK"])
    make_claim_link(first, second := make_claim(states=["PRK"]), "derives_from")
    citation = second.citations.get()
    data = claim_post([], [("supersedes", first)], slug=second.slug, statement=second.statement)
    data.update(
        {
            **management("citations", 1, 1),
            "citations-0-id": str(citation.pk),
            "citations-0-claim": str(second.pk),
            "citations-0-source": str(citation.source_id),
            "citations-0-quote": citation.quote,
            "citations-0-attribution": "asserts",
        }
    )

    response = admin_client.post(reverse("admin:sources_claim_change", args=[second.pk]), data)

    assert response.status_code == 200
    assert "cannot go round in a circle" in response.content.decode()
    assert not second.links.exists()


def test_the_admin_refuses_a_link_to_itself(admin_client):
    make_state("PRK")
    claim = make_claim(states=["PRK"])
    response = admin_client.post(
        reverse("admin:sources_claimlink_add"), {"from_claim": claim.pk, "to_claim": claim.pk, "kind": "qualifies"}
    )
    assert response.status_code == 200
    assert "A claim cannot be linked to itself." in response.content.decode()
    assert not ClaimLink.objects.exists()


# --- through the CSV import ------------------------------------------------------------------------


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


CLAIMS_HEADER = (
    "key,statement,claimant,asserted,event,relationship,states,stance,credibility,assessment,"
    "quantity_value,quantity_lower,quantity_upper,quantity_unit,status,retraction_reason\n"
)


def claim_row(key, stance="supports", assessment="unverified"):
    return f"{key},A statement.,Reuters,,,,PRK,{stance},3,{assessment},,,,,draft,\n"


def test_the_import_refuses_corroborated_with_one_origin_on_the_claims_row(tmp_path):
    make_state("PRK")
    make_source(slug="blog-a")
    make_source(slug="blog-b")
    write(tmp_path, "claims.csv", CLAIMS_HEADER + claim_row("fine") + claim_row("echo", assessment="corroborated"))
    write(
        tmp_path,
        "citations.csv",
        "claim,source,quote,locator,attribution\n"
        "echo,blog-a,Reports say so.,,reports\n"
        "echo,blog-b,We've seen reports.,,reports\n"
        "fine,blog-a,Said so.,,asserts\n",
    )

    report = fixtures_import(folder=tmp_path)

    assert report.error_lines() == [
        "claims.csv:row 2: column assessment: value 'corroborated': 'Corroborated' needs at least two independent "
        "origins, and this claim's citations have one: blog-a and blog-b lead back to one origin (unnamed reports). "
        "Choose 'unverified', or cite a source with another origin."
    ]
    assert not Claim.objects.exists()


def test_the_import_refuses_a_dispute_of_nothing_and_takes_one_with_a_contradicts_link(tmp_path):
    make_state("PRK")
    make_source(slug="study")
    citations = (
        "claim,source,quote,locator,attribution\ndoubt,study,Overstated.,,suggests\nfear,study,Feared.,,asserts\n"
    )
    write(tmp_path, "claims.csv", CLAIMS_HEADER + claim_row("doubt", stance="disputes") + claim_row("fear"))
    write(tmp_path, "citations.csv", citations)

    report = fixtures_import(folder=tmp_path)

    assert len(report.error_lines()) == 1
    assert report.error_lines()[0].startswith(
        "claims.csv:row 1: column stance: value 'disputes': A claim that disputes must name what it disputes"
    )

    write(tmp_path, "claim_links.csv", "from_claim,kind,to_claim,note\ndoubt,contradicts,fear,\n")
    assert fixtures_import(folder=tmp_path).error_lines() == []
    assert ClaimLink.objects.get().kind == "contradicts"


def test_the_import_refuses_self_links_duplicates_and_cycles_by_row(tmp_path):
    make_state("PRK")
    for key in ("a", "b", "c"):
        make_claim(slug=key)
    write(
        tmp_path,
        "claim_links.csv",
        "from_claim,kind,to_claim,note\n"
        "a,qualifies,a,\n"
        "a,derives_from,b,\n"
        "a,derives_from,b,\n"
        "b,supersedes,c,\n"
        "c,derives_from,b,\n",
    )

    lines = fixtures_import(folder=tmp_path).error_lines()

    assert "claim_links.csv:row 1: column to_claim: value 'a': a claim cannot be linked to itself" in lines
    assert any(line.startswith("claim_links.csv:row 2: column from_claim") and "row 3" in line for line in lines)
    assert any(line.startswith("claim_links.csv:row 5") and "round in a circle" in line for line in lines)
    assert not ClaimLink.objects.exists()


def test_an_admin_import_of_claims_alone_is_checked_against_the_citations_already_there():
    make_state("PRK")
    claim = make_claim(slug="lonely", sources=[make_source()], states=["PRK"])
    data = (CLAIMS_HEADER + claim_row("lonely", assessment="corroborated")).encode()

    report = csv_file_import(resource_class=ClaimResource, data=data, file_name="claims.csv")

    assert not report.committed
    assert report.error_lines()[0].startswith(
        "claims.csv:row 1: column assessment: value 'corroborated': 'Corroborated' needs at least two"
    )
    claim.refresh_from_db()
    assert claim.assessment == "unverified"
