"""/api/citations/: every citation a reader may see (a public claim in a published source), with filters and CSV.

A citation is known by its claim and its source: its ``key`` is ``<claim key>~<source key>``
(``~`` never occurs in a key), the address of its detail.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.reverse import reverse

from curation.api.csv import CsvFormat
from curation.api.filters import SLUG_REGEX, ChoiceFilter, FilterSet, SearchFilter, SlugFilter
from curation.api.key_filters import KeysFilter
from curation.api.viewsets import ResourceDocs, ResourceViewSet
from events.api.filters import SEARCH_HELP
from events.api.state_names import NAMES_HELP, StateNameFilter

from ..choices import Reliability
from ..models import Citation
from ..resources import CitationResource
from ..selectors import citation_list_public
from .serializers import SourceRefSerializer

KEY_SEPARATOR = "~"
CITATION_CSV = CsvFormat("citations.csv", CitationResource)


class CitationFilterSet(FilterSet):
    claim = KeysFilter(description="Citations by the claims with these keys, separated by commas (a,b).")
    source = SlugFilter(description="Citations in the published source with this key.")
    event = KeysFilter(description="Citations by claims about the events with these keys, separated by commas.")
    state = StateNameFilter(
        description="Citations by claims about this state (ISO3): tagged with it, or about an event it takes "
        "part in or a relationship it holds." + NAMES_HELP,
    )
    reliability = ChoiceFilter(
        choices=Reliability.choices, description="Citations in sources of this Admiralty reliability grade, A to F."
    )
    q = SearchFilter(description=SEARCH_HELP + " Searches the quotes.")


class ClaimRefSerializer(serializers.Serializer):
    key = serializers.CharField(source="claim_key")
    statement = serializers.CharField(source="claim.statement")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:claim-detail", lookup_field="claim_key", lookup_url_kwarg="slug"
    )

    class Meta:
        ref_name = "ClaimRef"


class CitationRecordSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField(help_text="<claim key>~<source key>: the citation's address.")
    api_url = serializers.SerializerMethodField()
    claim = ClaimRefSerializer(source="*")
    source = SourceRefSerializer()
    quote = serializers.CharField(help_text="The claim as the source words it, verbatim.")
    locator = serializers.CharField(help_text="Where in the source: section, paragraph or page (may be empty).")

    class Meta:
        model = Citation
        fields = ["key", "api_url", "claim", "source", "quote", "locator"]
        ref_name = "CitationRecord"

    def get_key(self, citation) -> str:
        return f"{citation.claim_key}{KEY_SEPARATOR}{citation.source_key}"

    def get_api_url(self, citation) -> str:
        return reverse("api:citation-detail", kwargs={"key": self.get_key(citation)}, request=self.context["request"])


class CitationViewSet(ResourceViewSet):
    docs = ResourceDocs(
        "List published citations",
        "Each citation of a published source by a public claim: the claim, the source, the verbatim quote and "
        "where it is in the source. By claim key, then source key.",
        "One published citation, by <claim key>~<source key>",
    )
    selector = staticmethod(citation_list_public)
    serializer_class, filterset_class = CitationRecordSerializer, CitationFilterSet
    csv_format = CITATION_CSV
    lookup_field = "key"
    lookup_value_regex = f"{SLUG_REGEX}{KEY_SEPARATOR}{SLUG_REGEX}"
    keyset_unique_field = "pk"

    def for_json(self, queryset):
        return queryset.select_related("claim", "source")

    def get_object(self):
        claim, _, source = self.kwargs["key"].partition(KEY_SEPARATOR)
        return get_object_or_404(self.get_queryset(), Q(claim__slug=claim, source__slug=source))
