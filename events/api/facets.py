"""``?facets=type,participant,domain,year`` on the events list: counts for the current filter.

Each facet is one grouped query over the filtered events (never the page), run
under its own time limit (``FACET_TIMEOUT_MS``, in a savepoint): a facet that
takes longer is answered ``null`` with the others, rather than holding the request.
"""

from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.utils import OperationalError
from django_filters import Filter

from curation.api.filters import ParameterMixin

from ..models import EventParticipant

FACET_TIMEOUT_MS = 2000
FACETS = ("type", "participant", "domain", "year")


class FacetNamesField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return []
        names = value.split(",")
        for name in names:
            if name not in FACETS:
                raise forms.ValidationError(
                    "%(name)r is not a facet: use %(facets)s, separated by commas.",
                    params={"name": name, "facets": ", ".join(FACETS)},
                )
        return list(dict.fromkeys(names))


class FacetsFilter(ParameterMixin, Filter):
    field_class = FacetNamesField
    style = "form"
    explode = False

    def openapi_schema(self, state_code_ref):
        return {"type": "array", "items": {"type": "string", "enum": list(FACETS)}, "minItems": 1}


def _grouped(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"value": value, "count": count} for value, count in cursor.fetchall()]


def _over(events, column_sql: str, *, where: str = "TRUE") -> list[dict]:
    """Counts of ``column_sql`` (on the filtered events aliased ``e``), most frequent first."""
    inner, params = events.order_by().values("pk").query.sql_with_params()
    table = events.model._meta.db_table
    sql = (
        f"SELECT {column_sql} AS value, count(*) FROM {table} e WHERE e.id IN ({inner}) AND {where} "
        "GROUP BY 1 ORDER BY 2 DESC, 1"
    )
    return _grouped(sql, params)


def facet_counts(events, name: str) -> list[dict]:
    if name == "type":
        return _over(events, "e.type")
    if name == "year":
        return _over(events, "extract(year FROM lower(e.start))::int", where="e.start IS NOT NULL")
    if name == "domain":
        inner, params = events.order_by().values("pk").query.sql_with_params()
        table = events.model._meta.db_table
        sql = (
            f"SELECT domain AS value, count(*) FROM {table} e, unnest(e.domains) AS domain "
            f"WHERE e.id IN ({inner}) GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        return _grouped(sql, params)
    participations = EventParticipant.objects.filter(event__in=events.order_by().values("pk"))
    inner, params = participations.values("event_id", "state_id").query.sql_with_params()
    sql = f"SELECT state_id AS value, count(DISTINCT event_id) FROM ({inner}) p GROUP BY 1 ORDER BY 2 DESC, 1"
    return _grouped(sql, params)


def facets(events, names) -> dict:
    """``{name: [{"value", "count"}, ...] or None when it ran out of time}``, one query each."""
    answer = {}
    for name in names:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(FACET_TIMEOUT_MS)])
                answer[name] = facet_counts(events, name)
                # Roll the savepoint back rather than release it: a released savepoint would keep the
                # facet's time limit for the rest of the request; the facet wrote nothing to lose.
                transaction.set_rollback(True)
        except OperationalError:  # the time limit (query_canceled): this facet is left out
            answer[name] = None
        except EmptyResultSet:  # the filter can match nothing (``id IN ()``), so it compiles to no SQL
            answer[name] = []
    return answer
