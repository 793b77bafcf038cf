"""The gadgets' CSV file, on the shared resource base."""

from curation.csvio.fields import Column, PartialDateColumn, StatusColumn
from curation.csvio.resource import FixtureResource
from curation.csvio.widgets import DecimalWidget, KeyWidget, TextWidget

from .models import Gadget


class GadgetResource(FixtureResource):
    key = Column(attribute="slug", widget=KeyWidget())
    name = Column(attribute="name", widget=TextWidget(required=True))
    size = Column(attribute="size", widget=DecimalWidget())
    start = PartialDateColumn("start")
    end = PartialDateColumn("end")
    status = StatusColumn(Gadget)

    constraint_messages = {"gadget_size_not_negative": "the size cannot be negative"}

    class Meta:
        model = Gadget
        fields = ("key", "name", "size", "start", "end", "status")
