"""Query parameters of the claims and sources lists."""

from axisdb.api.filters import (
    ChoiceFilter,
    FilterSet,
    OrderingFilter,
    SearchFilter,
    SlugFilter,
    StateFilter,
    TextFilter,
)
from events.api.filters import SEARCH_HELP

from ..choices import Assessment, Credibility, Reliability, SourceKind, Stance
from ..models import Claim, Source


class ClaimFilterSet(FilterSet):
    event = SlugFilter(field_name="event__slug", description="Claims about the event with this key.")
    relationship = SlugFilter(
        field_name="relationship__slug", description="Claims about the relationship with this key."
    )
    state = StateFilter(
        query="about_state",
        description="Claims about this state (ISO3): tagged with it, or about an event it takes part in "
        "or a relationship it holds.",
    )
    stance = ChoiceFilter(choices=Stance.choices, field_name="stance", description="Stance toward the subject.")
    status = ChoiceFilter(
        choices=Assessment.choices, field_name="assessment", description="Assessment status (same as assessment)."
    )
    assessment = ChoiceFilter(choices=Assessment.choices, field_name="assessment", description="Assessment status.")
    credibility = ChoiceFilter(
        choices=Credibility.choices, field_name="credibility", description="Admiralty credibility grade, 1 to 6."
    )
    claimant = TextFilter(
        field_name="claimant", lookup_expr="icontains", description="Claims whose claimant contains this text."
    )
    source = SlugFilter(query="citing", description="Claims citing the published source with this key.")
    q = SearchFilter(
        query="full_text",
        description=SEARCH_HELP + " Searches statements, claimants and the quotes of published sources.",
    )
    ordering = OrderingFilter(
        fields={"key": "slug", "asserted": "asserted", "credibility": "credibility"},
        description="Sort by these fields (comma-separated, - for descending; unknown values last). Default: key.",
    )

    class Meta:
        model = Claim
        fields = []


class SourceFilterSet(FilterSet):
    date_window = "published_within"
    date_window_subject = "sources (by publication date)"

    kind = ChoiceFilter(choices=SourceKind.choices, field_name="kind", description="The kind of document.")
    publisher = TextFilter(field_name="publisher", lookup_expr="iexact", description="Exact publisher, any case.")
    reliability = ChoiceFilter(
        choices=Reliability.choices, field_name="reliability", description="Admiralty reliability grade, A to F."
    )
    q = SearchFilter(query="full_text", description=SEARCH_HELP + " Searches titles and publishers.")
    ordering = OrderingFilter(
        fields={"key": "slug", "published": "published", "reliability": "reliability", "title": "title"},
        description="Sort by these fields (comma-separated, - for descending; unknown values last). Default: key.",
    )

    class Meta:
        model = Source
        fields = []
