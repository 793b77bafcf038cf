"""Links between SIPRI's claims and the seed claims they bear on, from a hand-checked table.

``data/sipri_seed_links.csv`` names, for each link, the deal by its content key (supplier,
recipient, year of order, designation and occurrence, as the register writes them), the
seed claim by its key, the kind (``corroborates`` or ``contradicts``) and a note saying
only what the two records say. The SIPRI claim is the link's ``from_claim``: "SIPRI's
claim corroborates the seed claim".

The SIPRI import makes each link once both claims exist (the deal imported now or before,
the seed claim from the fixtures), so importing the register again after the fixtures
makes the links that were missing. A link already there is unchanged; one whose note an
editor changed is a conflict, left as the editor made it; a link whose seed claim is not
in the database is noted, never guessed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sources.choices import LinkKind
from sources.models import Claim, ClaimLink

from .models import Dataset, ImportedRecord
from .report import ImportReport
from .sipri import content_key

TABLE = Path(__file__).parent / "data" / "sipri_seed_links.csv"
LABEL = "sources.claimlink"
KINDS = (LinkKind.CORROBORATES, LinkKind.CONTRADICTS)


@dataclass(frozen=True)
class SeedLink:
    deal_key: str  # datasets.sipri.content_key of the deal
    kind: str
    seed_claim: str
    note: str


def seed_links(path: Path = TABLE) -> list[SeedLink]:
    """The table's links; a row with a kind other than corroborates/contradicts or no note is refused."""
    links = []
    with path.open(encoding="utf-8", newline="") as stream:
        for number, row in enumerate(csv.DictReader(stream), 2):
            if row["kind"] not in KINDS or not row["note"].strip() or not row["seed_claim"].strip():
                raise ValueError(f"{path.name}, line {number}: needs a kind in {list(KINDS)}, a seed claim and a note")
            key = content_key(
                supplier=row["supplier"],
                recipient=row["recipient"],
                year_of_order=int(row["year_of_order"]),
                designation=row["designation"],
                occurrence=int(row["occurrence"]),
            )
            links.append(SeedLink(key, row["kind"], row["seed_claim"].strip(), row["note"].strip()))
    return links


def seed_links_sync(*, report: ImportReport, user=None, links: list[SeedLink] | None = None) -> None:
    """Make the table's links whose two claims exist; count each as created, unchanged or a conflict."""
    links = seed_links() if links is None else links
    imported = dict(
        ImportedRecord.objects.filter(
            dataset=Dataset.SIPRI, model="sources.claim", record_key__in={link.deal_key for link in links}
        ).values_list("record_key", "slug")
    )
    wanted = {link.seed_claim for link in links} | set(imported.values())
    claims = dict(Claim.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    present = {
        (from_id, to_id, kind): note
        for from_id, to_id, kind, note in ClaimLink.objects.filter(
            from_claim__in=claims.values(), to_claim__in=claims.values()
        ).values_list("from_claim", "to_claim", "kind", "note")
    }
    counts = report.counts(LABEL)
    new = []
    for link in links:
        sipri_claim = claims.get(imported.get(link.deal_key))
        if sipri_claim is None:
            continue  # the deal is not imported (another export, or out of the states asked for)
        seed_claim = claims.get(link.seed_claim)
        if seed_claim is None:
            report.notes.append(
                f"no link of {imported[link.deal_key]} to the seed claim {link.seed_claim}: no claim has that key "
                "(import the fixtures, then the register again)"
            )
            continue
        note = present.get((sipri_claim, seed_claim, link.kind))
        if note is None:
            record = ClaimLink(from_claim_id=sipri_claim, to_claim_id=seed_claim, kind=link.kind, note=link.note)
            if user is not None:
                record.created_by = record.updated_by = user
            new.append(record)
            present[(sipri_claim, seed_claim, link.kind)] = link.note
            counts["created"] += 1
        elif note == link.note:
            counts["unchanged"] += 1
        else:
            counts["conflicts"] += 1
            report.conflicts.append(
                f"{LABEL} {imported[link.deal_key]} {link.kind} {link.seed_claim}: "
                "note changed by an editor; left as it is"
            )
    ClaimLink.objects.bulk_create(new)
