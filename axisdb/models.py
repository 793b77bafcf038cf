"""Abstract models shared by the events and sources apps."""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import models
from django.db.backends.postgresql.psycopg_any import DateRange

from events.choices import EditorialStatus


def web_search(text: str) -> SearchQuery:
    """A reader's search (web search syntax: quotes, OR, -word) against the stored English vectors."""
    return SearchQuery(text, search_type="websearch", config="english")


def overlapping(field: str, lower, upper) -> models.Q:
    """Rows whose daterange ``field`` meets the days [lower, upper]; either end may be None (open)."""
    return models.Q(**{f"{field}__overlap": DateRange(lower, upper, "[]")})


class CuratedQuerySet(models.QuerySet):
    """Reads shared by the records that have an editorial status and a stored ``search`` vector."""

    def published(self):
        # Claims have their own status choices; "published" is stored alike in both.
        return self.filter(status=EditorialStatus.PUBLISHED)

    def full_text(self, text: str):
        """Records whose search vector matches ``text`` (web search syntax, English)."""
        return self.filter(search=web_search(text))


class Curated(models.Model):
    """Who created and last changed a record, and when."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


SLUG_HELP = (
    "Stable key used by CSV files and the API (lowercase letters, digits and hyphens). Change it only with care."
)
