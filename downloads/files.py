"""The files of the download: one per record type, the public records in the fixture format."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from curation.api.csv import CsvFormat
from events.api.serializers import EVENT_CSV, RELATIONSHIP_CSV, STATE_CSV
from events.selectors import event_list_public, relationship_list_public, state_list_public
from sources.api.citations import CITATION_CSV
from sources.api.serializers import CLAIM_CSV, SOURCE_CSV
from sources.selectors import citation_list_public, claim_list_public, source_list_public


@dataclass(frozen=True)
class DownloadFile:
    csv_format: CsvFormat
    records: Callable[[], QuerySet]  # the public read, as the API's list (no filters)
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other file's resource name, its column)

    @property
    def name(self) -> str:
        return self.csv_format.filename.removesuffix(".csv")


FILES = (
    DownloadFile(STATE_CSV, state_list_public, ("iso3",)),
    DownloadFile(EVENT_CSV, event_list_public, ("key",)),
    DownloadFile(
        RELATIONSHIP_CSV,
        relationship_list_public,
        ("key",),
        (("state_a", "states", "iso3"), ("state_b", "states", "iso3"), ("founding_event", "events", "key")),
    ),
    DownloadFile(SOURCE_CSV, source_list_public, ("key",)),
    DownloadFile(
        CLAIM_CSV,
        claim_list_public,
        ("key",),
        (("event", "events", "key"), ("relationship", "relationships", "key")),
    ),
    DownloadFile(
        CITATION_CSV,
        citation_list_public,
        ("claim", "source"),
        (("claim", "claims", "key"), ("source", "sources", "key")),
    ),
)
