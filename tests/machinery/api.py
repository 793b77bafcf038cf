"""A gadgets list on the shared API machinery: parameters, selector, serializer, view set."""

from curation.api.csv import CsvFormat
from curation.api.filters import (
    BooleanFilter,
    FilterSet,
    OrderingFilter,
    SearchFilter,
    StatesFilter,
    date_window,
    matching,
    ordered,
)
from curation.api.partial_dates import PartialDateField
from curation.api.serializers import RecordSerializer
from curation.api.viewsets import ResourceDocs, ResourceViewSet
from curation.models import overlapping

from .models import Gadget
from .resources import GadgetResource

NO_FILTERS: dict = {}


class GadgetFilterSet(FilterSet):
    date_window = True
    date_window_subject = "gadgets"

    big = BooleanFilter(description="true: only gadgets of size 10 or more.")
    name = SearchFilter(description="Gadgets whose name contains this.")
    countries = StatesFilter(exactly=2, description="Two ISO3 codes (parsed only).")
    ordering = OrderingFilter(fields={"size": "size", "start": "start", "key": "slug"}, description="Sort order.")


def gadget_list_public(*, filters=NO_FILTERS):
    gadgets = matching(Gadget.objects.published(), filters, {"name": "name__icontains"})
    if "big" in filters:
        gadgets = gadgets.filter(size__gte=10) if filters["big"] else gadgets.exclude(size__gte=10)
    if window := date_window(filters):
        gadgets = gadgets.filter(overlapping("start", *window))
    return ordered(gadgets, filters.get("ordering"), ["slug"])


class GadgetSerializer(RecordSerializer):
    start = PartialDateField("start", allow_null=True)

    class Meta:
        model = Gadget
        fields = ["slug", "name", "size", "start"]


class GadgetViewSet(ResourceViewSet):
    docs = ResourceDocs("List gadgets", "Published gadgets.", "One gadget")
    selector = staticmethod(gadget_list_public)
    serializer_class, filterset_class, csv_format = (
        GadgetSerializer,
        GadgetFilterSet,
        CsvFormat("gadgets.csv", GadgetResource),
    )
