"""A SIPRI deal as axisdb records: an ``arms_transfer`` event and a claim by SIPRI citing the register.

- The event: supplier and recipient as participants; start = year of order (approximate
  where the file marks it ``?``); end = last year of delivery; the summary says what the
  row says (designation, description, numbers, status, comments).
- The claim, by SIPRI, about the event: its quantity is the number ordered (empty when
  SIPRI has no figure yet), with the number delivered as lower bound (what was delivered
  was ordered); the unit says so, the statement marks SIPRI's ``?`` as "uncertain". It
  cites the export's Source with the row as it is in the file as quote, its line as locator.
- Keys: ``sipri-<year>-<designation>-<hash of the content key>``; the content key is
  supplier, recipient, year of order, designation and occurrence (``datasets.sipri``).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.utils.text import slugify

from events.choices import Domain, EventType, ParticipantRole
from sources.choices import Stance

from .dates import PartialDate
from .sipri import Deal, Export
from .writing import ClaimPlan, EventPlan

CLAIMANT = "SIPRI (Stockholm International Peace Research Institute)"
UNIT = "units ordered (lower bound: units delivered)"


def deal_slug(deal: Deal) -> str:
    code = hashlib.sha1(deal.key.encode()).hexdigest()[:10]
    designation = slugify(deal.designation)[:60].strip("-") or "deal"
    return f"sipri-{deal.year_of_order}-{designation}-{code}"


def locator(deal: Deal) -> str:
    if len(deal.lines) == 1:
        return f"line {deal.line}"
    return f"lines {deal.lines[0]}-{deal.lines[-1]}"


def _count(number: int | None, uncertain: bool, *, missing: str) -> str:
    if number is None:
        return missing
    return f"{number:,}" + (" (uncertain)" if uncertain else "")


def _delivery(deal: Deal) -> str:
    if not deal.delivery_years:
        return "none delivered yet" if deal.number_delivered in (None, 0) else "delivered (years not given)"
    delivered = _count(deal.number_delivered, deal.number_delivered_uncertain, missing="an unknown number")
    years = ", ".join(map(str, deal.delivery_years))
    return f"{delivered} delivered in {years}"


def deal_plans(deal: Deal, *, supplier: str, recipient: str, export: Export) -> tuple[EventPlan, ClaimPlan]:
    """The event and the claim of one deal; ``supplier`` and ``recipient`` are resolved ISO3 codes."""
    slug = deal_slug(deal)
    ordered = _count(deal.number_ordered, deal.number_ordered_uncertain, missing="an unknown number (not yet known)")
    year = f"{deal.year_of_order}" + (" (uncertain)" if deal.year_of_order_uncertain else "")
    what = f"{deal.designation.strip()} ({deal.description.strip()})"
    summary = (
        f"{deal.recipient} ordered {ordered} {what} from {deal.supplier} in {year}; {_delivery(deal)}. "
        f"Status: {deal.status}."
    )
    if deal.comments.strip():
        summary += f" SIPRI's comments: {deal.comments.strip()}"
    start = PartialDate(deal.year_of_order)
    end = PartialDate(max(deal.delivery_years)) if deal.delivery_years else None
    if end is not None and end.lower < start.lower:
        end = None  # deliveries listed before the order: the period is the order's year (the summary lists them)
    event = EventPlan(
        slug=slug,
        record_key=deal.key,
        line=locator(deal),
        fields={
            "title": f"{what}: {deal.supplier} to {deal.recipient}"[:300],
            "summary": summary,
            "type": EventType.ARMS_TRANSFER,
            "domains": [Domain.MILITARY],
            "place": "",
            "start": start,
            "start_approximate": deal.year_of_order_uncertain,
            "end": end,
            "end_approximate": False,
        },
        participants=[(supplier, ParticipantRole.SUPPLIER), (recipient, ParticipantRole.RECIPIENT)],
    )
    value = deal.number_ordered
    lower = deal.number_delivered
    if lower is not None and (lower == 0 or (value is not None and lower > value)):
        lower = None  # nothing delivered bounds nothing; more delivered than ordered (an uncertain figure) neither
    has_number = value is not None or lower is not None
    claim = ClaimPlan(
        slug=slug,
        record_key=deal.key,
        line=event.line,
        fields={
            "statement": f"SIPRI records that {summary}",
            "claimant": CLAIMANT,
            "stance": Stance.SUPPORTS,
            "asserted": PartialDate(export.generated_on.year, export.generated_on.month, export.generated_on.day),
            "asserted_approximate": False,
            "quantity_value": None if value is None else Decimal(value),
            "quantity_lower": None if lower is None else Decimal(lower),
            "quantity_upper": None,
            "quantity_unit": UNIT if has_number else "",
        },
        quote=deal.text,
        locator=event.line,
        event=slug,
    )
    return event, claim
