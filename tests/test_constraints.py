"""Each integrity rule is enforced by PostgreSQL itself, not only by forms.

Rows are written with the ORM's create()/update() (which skip model validation)
or with raw SQL, so that it is the database that refuses them.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from curation.partial_dates import PartialDate
from events.choices import RelationshipKind
from events.models import Event, EventParticipant, Relationship, State
from sources.models import Citation, Claim, Source
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db


def refused(constraint_name: str | None = None):
    """Context manager: the statement inside must be refused by the database."""
    return _Refused(constraint_name)


class _Refused:
    def __init__(self, constraint_name):
        self.constraint_name = constraint_name

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            with connection.cursor() as cursor:
                try:
                    # Foreign keys are checked at commit; make them answer now.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                except IntegrityError as error:
                    exc_type, exc = IntegrityError, error
        self.atomic.__exit__(IntegrityError, IntegrityError(), None)
        assert exc_type is IntegrityError, "the database accepted a row it must refuse"
        if self.constraint_name:
            assert self.constraint_name in str(exc)
        return True


# --- states ---------------------------------------------------------------


def test_state_code_must_be_three_capitals():
    with refused("state_iso3_format"):
        State.objects.create(iso3="ru", name="Russia?", short_name="Russia?")


def test_state_code_is_unique():
    make_state("RUS")
    with refused("pkey"):
        State.objects.bulk_create([State(iso3="RUS", name="Other", short_name="Other")])


def test_state_name_is_unique():
    make_state("RUS")
    with refused("name"):
        State.objects.create(iso3="RUT", name="Russian Federation", short_name="Again")


def test_state_wikidata_id_has_its_format():
    with refused("state_wikidata_format"):
        State.objects.create(iso3="RUS", name="Russia", short_name="Russia", wikidata_id="159")


def test_deleting_a_state_with_events_is_refused_not_cascaded():
    event = make_event(participants={"PRK": "supplier"})
    with pytest.raises(ProtectedError):
        State.objects.filter(iso3="PRK").delete()
    with refused("fk"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM events_state WHERE iso3 = 'PRK'")
    assert EventParticipant.objects.filter(event=event, state="PRK").exists()


# --- events ---------------------------------------------------------------


def test_event_key_is_unique():
    make_event(slug="gulf-of-oman-2024")
    with refused("slug"):
        make_event(slug="gulf-of-oman-2024")


def test_event_end_not_before_start():
    with refused("event_end_not_before_start"):
        make_event(start=PartialDate(2024, 3), end=PartialDate(2024, 2))


def test_event_end_in_the_same_month_as_a_month_start_is_accepted():
    event = make_event(start=PartialDate(2024, 3), end=PartialDate(2024, 3, 20))
    assert event.pk


@pytest.mark.parametrize(
    "bad_range",
    ["[2024-03-02,2024-04-01)", "[2024-01-01,2024-03-01)", "[2024-03-01,)", "empty", "[2024-06-01,2025-06-01)"],
)
def test_event_dates_must_be_exactly_a_day_month_or_year(bad_range):
    event = make_event()
    with refused("event_start_is_partial_date"), connection.cursor() as cursor:
        cursor.execute("UPDATE events_event SET start = %s::daterange WHERE id = %s", [bad_range, event.pk])


def test_a_state_takes_part_in_an_event_once():
    event = make_event(participants={"RUS": "host"})
    with refused("participant_once_per_event"):
        EventParticipant.objects.create(event=event, state=make_state("RUS"), role="participant")


# --- relationships --------------------------------------------------------


def test_relationship_needs_two_different_states():
    with refused("relationship_two_different_states"):
        make_relationship("RUS", "RUS", kind=RelationshipKind.ARMS_SUPPLIER)


def test_symmetric_tie_is_stored_in_alphabetical_order():
    tie = make_relationship("RUS", "CHN")
    assert (tie.state_a_id, tie.state_b_id) == ("CHN", "RUS")
    with refused("relationship_symmetric_kind_in_canonical_order"):
        Relationship.objects.filter(pk=tie.pk).update(state_a="RUS", state_b="CHN")


def test_a_and_b_cannot_both_hold_the_same_symmetric_tie_as_b_and_a():
    make_relationship("CHN", "RUS")
    with refused("relationship_no_overlapping_same_tie"):
        make_relationship("RUS", "CHN")


def test_directed_tie_keeps_its_direction_and_may_run_both_ways():
    rus_to_chn = make_relationship("RUS", "CHN", kind=RelationshipKind.ARMS_SUPPLIER)
    chn_to_rus = make_relationship("CHN", "RUS", kind=RelationshipKind.ARMS_SUPPLIER)
    assert (rus_to_chn.state_a_id, chn_to_rus.state_a_id) == ("RUS", "CHN")


def test_same_tie_cannot_overlap_in_time():
    make_relationship("CHN", "RUS", start=PartialDate(2018), end=PartialDate(2022))
    with refused("relationship_no_overlapping_same_tie"):
        make_relationship("CHN", "RUS", start=PartialDate(2022, 6))


def test_same_tie_may_follow_after_it_ended():
    make_relationship("CHN", "RUS", start=PartialDate(2018), end=PartialDate(2022))
    later = make_relationship("CHN", "RUS", start=PartialDate(2023))
    assert later.pk


def test_open_ended_tie_blocks_any_later_same_tie():
    make_relationship("CHN", "RUS", start=None, end=None)
    with refused("relationship_no_overlapping_same_tie"):
        make_relationship("CHN", "RUS", start=PartialDate(1990), end=PartialDate(1991))


def test_relationship_end_not_before_start():
    with refused("relationship_end_not_before_start"):
        make_relationship(start=PartialDate(2025), end=PartialDate(2024))


def test_deleting_a_state_with_relationships_is_refused():
    make_relationship("CHN", "PRK", kind=RelationshipKind.MILITARY_ALLIANCE)
    with pytest.raises(ProtectedError):
        State.objects.filter(iso3="PRK").delete()


def test_deleting_a_founding_event_is_refused():
    treaty = make_event(type="treaty_agreement")
    make_relationship("IRN", "RUS", founding_event=treaty)
    with pytest.raises(ProtectedError):
        Event.objects.filter(pk=treaty.pk).delete()


# --- sources, claims, citations -------------------------------------------


def test_source_reliability_is_a_to_f():
    with refused("source_reliability_a_to_f"):
        make_source(reliability="G")


def test_source_key_is_unique():
    make_source(slug="reuters-2025-01")
    with refused("slug"):
        make_source(slug="reuters-2025-01")


def test_deleting_a_cited_source_is_refused():
    source = make_source()
    make_claim(sources=[source])
    with pytest.raises(ProtectedError):
        Source.objects.filter(pk=source.pk).delete()
    with refused("fk"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM sources_source WHERE id = %s", [source.pk])


@pytest.mark.parametrize("credibility", [0, 7])
def test_claim_credibility_is_1_to_6(credibility):
    with refused("claim_credibility_1_to_6"):
        make_claim(credibility=credibility)


@pytest.mark.parametrize(
    ("lower", "value", "upper", "constraint"),
    [
        (Decimal(10), Decimal(5), None, "claim_quantity_lower_not_above_value"),
        (None, Decimal(50), Decimal(10), "claim_quantity_value_not_above_upper"),
        (Decimal(20), None, Decimal(10), "claim_quantity_lower_not_above_upper"),
    ],
)
def test_claim_quantity_lower_value_upper_in_order(lower, value, upper, constraint):
    with refused(constraint):
        make_claim(quantity_lower=lower, quantity_value=value, quantity_upper=upper, quantity_unit="rounds")


def test_claim_quantity_within_bounds_is_accepted():
    claim = make_claim(
        quantity_lower=2, quantity_value=Decimal("2.5"), quantity_upper=3, quantity_unit="million rounds"
    )
    claim.refresh_from_db()
    assert claim.quantity_display == "2.5 (2–3) million rounds"


def test_claim_quantity_needs_a_unit():
    with refused("claim_quantity_has_unit"):
        make_claim(quantity_value=Decimal(83))


def test_retracted_claim_needs_a_reason():
    with refused("claim_retraction_has_reason"):
        make_claim(status="retracted", retraction_reason="")


def test_claim_dates_must_be_partial_dates():
    claim = make_claim()
    with refused("claim_asserted_is_partial_date"), connection.cursor() as cursor:
        cursor.execute("UPDATE sources_claim SET asserted = '[2025-01-05,2025-01-09)' WHERE id = %s", [claim.pk])


def test_deleting_an_event_with_claims_is_refused():
    event = make_event()
    make_claim(event=event)
    with pytest.raises(ProtectedError):
        Event.objects.filter(pk=event.pk).delete()


def test_a_claim_cites_a_source_once():
    source = make_source()
    claim = make_claim(sources=[source])
    with refused("citation_once_per_claim_and_source"):
        Citation.objects.create(claim=claim, source=source, quote="Again.")


def test_citation_needs_a_quote():
    claim = make_claim(sources=[])
    with refused("citation_quote_not_empty"):
        Citation.objects.create(claim=claim, source=make_source(), quote="")


def test_claim_key_is_unique():
    make_claim(slug="nk-shells")
    with refused("slug"):
        Claim.objects.create(slug="nk-shells", statement="x", claimant="y")
