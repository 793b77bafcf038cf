"""Query parameters of the claims and sources lists.

Each declaration parses and documents one parameter; ``sources.selectors`` applies them.
"""

from curation.api.filters import (
    BooleanFilter,
    ChoiceFilter,
    FilterSet,
    OrderingFilter,
    SearchFilter,
    SlugFilter,
    TextFilter,
)
from curation.api.key_filters import KeysFilter
from events.api.filters import SEARCH_HELP
from events.api.state_names import NAMES_HELP, StateNameFilter

from ..choices import Assessment, Credibility, Reliability, SourceKind, Stance


class ClaimFilterSet(FilterSet):
    event = KeysFilter(description="Claims about any of the events with these keys, separated by commas (a,b).")
    relationship = SlugFilter(description="Claims about the relationship with this key.")
    state = StateNameFilter(
        description="Claims about this state (ISO3): tagged with it, or about an event it takes part in "
        "or a relationship it holds." + NAMES_HELP,
    )
    stance = ChoiceFilter(choices=Stance.choices, description="Stance toward the subject.")
    status = ChoiceFilter(choices=Assessment.choices, description="Assessment status (same as assessment).")
    assessment = ChoiceFilter(choices=Assessment.choices, description="Assessment status.")
    credibility = ChoiceFilter(choices=Credibility.choices, description="Admiralty credibility grade, 1 to 6.")
    claimant = TextFilter(description="Claims whose claimant contains this text.")
    source = SlugFilter(description="Claims citing the published source with this key.")
    contradicted = BooleanFilter(
        description="true: claims in a 'contradicts' link, either way, with another published claim; "
        "false: claims in none."
    )
    circular_reporting = BooleanFilter(
        description="true: claims whose several citations lead back to one origin (circular reporting); "
        "false: the others."
    )
    q = SearchFilter(
        description=SEARCH_HELP + " Searches statements, claimants and the quotes of published sources.",
    )
    ordering = OrderingFilter(
        fields={"key": "slug", "asserted": "asserted", "credibility": "credibility"},
        description="Sort by these fields (comma-separated, - for descending; unknown values last). Default: key.",
    )


class SourceFilterSet(FilterSet):
    date_window = True
    date_window_subject = "sources (by publication date)"

    kind = ChoiceFilter(choices=SourceKind.choices, description="The kind of document.")
    publisher = TextFilter(description="Exact publisher, any case.")
    reliability = ChoiceFilter(choices=Reliability.choices, description="Admiralty reliability grade, A to F.")
    q = SearchFilter(description=SEARCH_HELP + " Searches titles and publishers.")
    ordering = OrderingFilter(
        fields={
            "key": "slug",
            "published": "published",
            "reliability": "reliability",
            "title": "title",
            "claim_count": "claim_count",
        },
        description="Sort by these fields (comma-separated, - for descending; unknown values last). Default: key.",
    )
