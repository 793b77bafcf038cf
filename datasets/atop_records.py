"""An ATOP alliance as axisdb records: a founding treaty event, ties between its members, claims by ATOP.

- The founding ``treaty_agreement`` event: dated by the alliance's begin at the precision
  ATOP gives (an unknown month or day stays unknown), its member states as signatories.
- One relationship per pair of members and obligation: ``defense``, ``offense``,
  ``neutral``, ``nonagg`` and ``consul`` become the kinds ``defence_pact``,
  ``offence_pact``, ``neutrality_pact``, ``non_aggression_pact``, ``consultation_pact``.
  Its period is the time both were members in the same phase (the later entry, the
  earlier exit), phases with the tie merged; an exit year of zero means still in force at
  the data's end, an open end here. A pair holds a kind when either member's row carries
  the obligation (ATOP codes obligations per member; asymmetric treaties exist).
- A claim by ATOP about each relationship, citing the data set's Source, quoting the two
  members' rows of the member-level file, their line numbers as locator.
- Keys: ``atop-<atopid>`` for the event, ``atop-<atopid>-<a>-<b>-<kind>`` for a tie.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from events.choices import Domain, EventType, ParticipantRole, RelationshipKind
from sources.choices import Stance

from .atop import DATA_END_YEAR, Alliance, Membership
from .dates import PartialDate
from .writing import ClaimPlan, EventPlan, RelationshipPlan

CLAIMANT = "ATOP (Alliance Treaty Obligations and Provisions project)"
KINDS = {
    "defense": RelationshipKind.DEFENCE_PACT,
    "offense": RelationshipKind.OFFENCE_PACT,
    "neutral": RelationshipKind.NEUTRALITY_PACT,
    "nonagg": RelationshipKind.NON_AGGRESSION_PACT,
    "consul": RelationshipKind.CONSULTATION_PACT,
}


@dataclass
class Spell:
    """One member row, resolved: the state, when it was in, what it promised, where the row is."""

    iso3: str
    membership: Membership


def _later(first: PartialDate, second: PartialDate) -> PartialDate:
    return first if first.lower >= second.lower else second


def _earlier(first: PartialDate | None, second: PartialDate | None) -> PartialDate | None:
    if first is None:
        return second
    if second is None:
        return first
    return first if first.upper <= second.upper else second


def _meets(start: PartialDate, end: PartialDate | None) -> bool:
    return end is None or start.lower <= end.upper


def _merge(periods: list[tuple[PartialDate, PartialDate | None, list[int]]]):
    """Periods that overlap or touch, merged (a tie that holds through a change of phase)."""
    merged: list[list] = []
    for start, end, lines in sorted(periods, key=lambda period: period[0].lower):
        if merged:
            last = merged[-1]
            if last[1] is None or start.lower.toordinal() <= last[1].upper.toordinal() + 1:
                if last[1] is not None and (end is None or end.upper > last[1].upper):
                    last[1] = end
                last[2] = sorted({*last[2], *lines})
                continue
        merged.append([start, end, list(lines)])
    return merged


def _when(date: PartialDate | None) -> str:
    return str(date) if date is not None else f"still in force at the end of the data ({DATA_END_YEAR})"


def alliance_plans(
    alliance: Alliance, spells: list[Spell], names: dict[str, str], quote_lines
) -> tuple[EventPlan, list[RelationshipPlan], list[ClaimPlan]]:
    """The records of one alliance. ``names``: ISO3 -> short name; ``quote_lines(n)``: line n of the file."""
    members = list(dict.fromkeys(spell.iso3 for spell in spells))
    listed = ", ".join(names[iso3] for iso3 in members)
    obligations = ", ".join(alliance.obligations.names()) or "none coded"
    event_slug = f"atop-{alliance.atopid}"
    event = EventPlan(
        slug=event_slug,
        record_key=str(alliance.atopid),
        line=f"alliance-level line {alliance.line}",
        fields={
            "title": f"Alliance treaty of {alliance.begins.year}: {listed} (ATOP {alliance.atopid})"[:300],
            "summary": (
                f"ATOP v4.01 alliance {alliance.atopid} between {listed}: obligations {obligations}; "
                f"{'bilateral' if alliance.bilateral else 'multilateral'}; begun {alliance.begins}, "
                f"ended {_when(alliance.ends)}."
            ),
            "type": EventType.TREATY_AGREEMENT,
            "domains": [Domain.MILITARY, Domain.DIPLOMATIC],
            "place": "",
            "start": alliance.begins,
            "start_approximate": False,
            "end": None,
            "end_approximate": False,
        },
        participants=[(iso3, ParticipantRole.SIGNATORY) for iso3 in members],
    )
    periods: dict[tuple[str, str, str], list] = defaultdict(list)
    for first, second in combinations(spells, 2):
        a, b = first.membership, second.membership
        if first.iso3 == second.iso3 or a.phase != b.phase:
            continue
        start, end = _later(a.entry, b.entry), _earlier(a.exit, b.exit)
        if not _meets(start, end):
            continue
        if end is not None and end.lower < start.lower:
            # An end known to the month (or year) that holds the start: the start is said at that precision.
            start = PartialDate(start.year, start.month if end.month else None)
        pair = tuple(sorted((first.iso3, second.iso3)))
        for obligation in sorted(set(a.obligations.names()) | set(b.obligations.names())):
            periods[(*pair, KINDS[obligation])].append((start, end, [a.line, b.line]))
    relationships, claims = [], []
    for (state_a, state_b, kind), found in sorted(periods.items()):
        for number, (start, end, lines) in enumerate(_merge(found), 1):
            slug = f"atop-{alliance.atopid}-{state_a}-{state_b}-{kind}".lower().replace("_", "-")
            slug += f"-{number}" if number > 1 else ""
            label = RelationshipKind(kind).label.split(" (")[0].lower()
            where = "member-level lines " + ", ".join(map(str, lines))
            summary = f"A {label} under ATOP alliance {alliance.atopid} (treaty of {alliance.begins.year})."
            relationships.append(
                RelationshipPlan(
                    slug=slug,
                    record_key=f"{alliance.atopid}|{state_a}|{state_b}|{kind}|{number}",
                    line=where,
                    fields={
                        "kind": kind,
                        "state_a_id": state_a,
                        "state_b_id": state_b,
                        "summary": summary,
                        "start": start,
                        "start_approximate": False,
                        "end": end,
                        "end_approximate": False,
                    },
                    founding_event=event_slug,
                )
            )
            claims.append(
                ClaimPlan(
                    slug=slug,
                    record_key=f"{alliance.atopid}|{state_a}|{state_b}|{kind}|{number}",
                    line=where,
                    fields={
                        "statement": (
                            f"ATOP v4.01 codes alliance {alliance.atopid} as a {label} between {names[state_a]} "
                            f"and {names[state_b]}, from {start} to {_when(end)}."
                        ),
                        "claimant": CLAIMANT,
                        "stance": Stance.SUPPORTS,
                        "asserted": None,
                        "asserted_approximate": False,
                        "quantity_value": None,
                        "quantity_lower": None,
                        "quantity_upper": None,
                        "quantity_unit": "",
                    },
                    quote="\n".join(quote_lines(line) for line in lines),
                    locator=where,
                    relationship=slug,
                )
            )
    return event, relationships, claims
