"""Links between the seed claims and SIPRI's claims (issue 11): the SIPRI import links the Iranian drones,
the North Korean missiles and Russia's share of China's arms imports to the deals that bear on them, from the
hand-checked table ``datasets/data/sipri_seed_links.csv``, once both claims exist; on the excerpt of the real
export (tests/data/external)."""

import csv
import io
from pathlib import Path

import pytest

from datasets.seed_links import seed_links
from datasets.services import sipri_register_import
from datasets.sipri import TradeRegister
from sources.models import Claim, ClaimLink
from tests.factories import make_claim
from tests.test_datasets_sipri import EXCERPT, excerpt_bytes

pytestmark = pytest.mark.django_db

DRONES = "iran-supplied-drones-to-russia"
MUNITIONS = "reports-north-korea-supplies-russia-munitions"
FIXTURE_CLAIMS = Path(__file__).parent.parent / "fixtures" / "claims.csv"
CHINA_SHARE = "russia-supplied-83-percent-of-china-arms-imports-2018-2022"


def run(**options):
    options.setdefault("add_states", True)
    return sipri_register_import(stream=io.BytesIO(excerpt_bytes()), file_name="excerpt.csv", **options)


@pytest.fixture
def seed_claims():
    """The three seed claims, with their fixture keys and statements."""
    return [
        make_claim(
            slug=DRONES,
            statement="Iran has been accused of supplying Russia with drones (and, reports say, potentially other "
            "military hardware) that have been used in the war against Ukraine.",
        ),
        make_claim(
            slug=MUNITIONS,
            statement='Reports indicate, or suggest, that North Korea has supplied (or "might be supplying") Russia '
            "with artillery shells and other munitions, including ballistic missiles.",
        ),
        make_claim(
            slug=CHINA_SHARE,
            statement="Russia supplied 83% of China's military arms imports from 2018 to 2022, part of a "
            "long-standing military-technical relationship.",
        ),
    ]


def links():
    return {
        (link.from_claim.event.title.split(" ")[0], link.kind, link.to_claim.slug): link.note
        for link in ClaimLink.objects.select_related("from_claim__event", "to_claim")
    }


def test_the_import_links_the_deals_to_the_seed_claims_they_bear_on(seed_claims):
    report = run()

    assert report.committed
    assert report.counts("sources.claimlink")["created"] == 3
    made = links()
    assert set(made) == {
        ("Shahed-136", "corroborates", DRONES),
        ("Hwasong-11", "corroborates", MUNITIONS),
        ("9M96", "corroborates", CHINA_SHARE),
    }
    assert "6,600 (number uncertain) Shahed-136" in made[("Shahed-136", "corroborates", DRONES)]
    assert "The row does not call them ballistic." in made[("Hwasong-11", "corroborates", MUNITIONS)]
    assert "not the 83%" in made[("9M96", "corroborates", CHINA_SHARE)]
    assert all(link.from_claim.claimant.startswith("SIPRI") for link in ClaimLink.objects.all())


def test_a_linked_claim_shows_the_link_in_the_api(client, seed_claims):
    run(publish=True)
    body = client.get(f"/api/claims/{DRONES}/").json()
    (link,) = body["links"]
    assert (link["kind"], link["direction"]) == ("corroborates", "from")
    assert Claim.objects.get(slug=link["claim"]).event.title.startswith("Shahed-136")
    assert "'Bought for use against Ukraine'" in link["note"]


def test_reimporting_leaves_the_links_unchanged():
    make_claim(slug=DRONES)
    run()
    report = run()
    assert report.counts("sources.claimlink") == {"unchanged": 1}
    assert ClaimLink.objects.count() == 1


def test_a_missing_seed_claim_is_noted_and_linked_when_the_register_is_imported_again():
    report = run()
    assert ClaimLink.objects.count() == 0
    assert sum("to the seed claim" in note for note in report.notes) == 3

    make_claim(slug=MUNITIONS)
    report = run()
    assert report.counts("sources.claimlink")["created"] == 1
    assert set(links()) == {("Hwasong-11", "corroborates", MUNITIONS)}


def test_an_editors_note_is_a_conflict_and_left_alone(seed_claims):
    run()
    link = ClaimLink.objects.get(to_claim__slug=DRONES)
    link.note = "Rewritten by an editor."
    link.save()

    report = run()

    assert report.counts("sources.claimlink")["conflicts"] == 1
    assert any(DRONES in line for line in report.conflicts)
    link.refresh_from_db()
    assert link.note == "Rewritten by an editor."


def test_a_dry_run_counts_the_links_and_writes_none(seed_claims):
    report = run(dry_run=True)
    assert report.counts("sources.claimlink")["created"] == 3
    assert not ClaimLink.objects.exists()


def test_every_link_of_the_table_is_a_corroboration_or_contradiction_with_a_note():
    table = seed_links()
    assert len(table) == 7
    assert {link.kind for link in table} <= {"corroborates", "contradicts"}
    assert {link.seed_claim for link in table} == {DRONES, MUNITIONS, CHINA_SHARE}
    with FIXTURE_CLAIMS.open(encoding="utf-8", newline="") as stream:
        assert {DRONES, MUNITIONS, CHINA_SHARE} <= {row["key"] for row in csv.DictReader(stream)}
    # The excerpt's deals have the keys the table names (the others are in the full file only).
    keys = {deal.key for deal in TradeRegister(io.BytesIO(EXCERPT.read_bytes()))}
    assert {"Iran|Russia|2022|Shahed-136|1", "North Korea|Russia|2023|Hwasong-11|1", "Russia|China|2015|9M96|1"} <= (
        keys & {link.deal_key for link in table}
    )
