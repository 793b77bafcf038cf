"""A detail's query compiled once per process, then run with each request's key.

A detail's queryset is the same at every request but for the record's key: the view's public read,
its joins and the contributed annotations (claim counts, evidence), filtered by the key. Building
and compiling it with the ORM cost 460 us of an uncached detail's 3 ms at 300,000 events (issue
15), for SQL that does not change. ``DetailStatement.of`` compiles it once with a stand-in key; each
request runs that SQL with its own key through ``QuerySet.raw``, which builds the model instances as
the ORM would (the model's columns through their fields' converters, the annotations as attributes),
and prefetches what the queryset prefetches.

Only where that gives the same records: a queryset with ``select_related`` (which ``raw`` cannot
fill) or an annotation whose value Django converts after reading it is left to the ORM (``of``
returns None), as is anything whose compiled SQL does not hold the key as exactly one parameter.
The caller keeps the ORM for reads that are not the live tables' (``as_of``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet

#: The key the SQL is compiled with, found again among its parameters: no key looks like it.
STAND_IN = "\x1faxisdb detail key\x1f"


@dataclass(frozen=True)
class DetailStatement:
    model: type[Model]
    using: str
    sql: str
    params: tuple
    key_position: int
    prefetch: tuple

    @classmethod
    def of(cls, queryset: QuerySet, lookup_field: str) -> DetailStatement | None:
        """The statement reading ``queryset``'s record by ``lookup_field``, or None where ``raw`` would differ."""
        query = queryset.query
        if query.select_related or query.combinator or not converts_nothing(queryset):
            return None
        # As QuerySet.get: no ordering, and two rows at most (a second is an error, not a choice).
        sql, params = queryset.filter(**{lookup_field: STAND_IN}).order_by()[:2].query.sql_with_params()
        positions = [index for index, value in enumerate(params) if isinstance(value, str) and value == STAND_IN]
        if len(positions) != 1:
            return None
        return cls(
            queryset.model, queryset.db, sql, tuple(params), positions[0], tuple(queryset._prefetch_related_lookups)
        )

    def records(self, key) -> list[Model]:
        params = list(self.params)
        params[self.key_position] = key
        records = self.model._default_manager.db_manager(self.using).raw(self.sql, params)
        if self.prefetch:
            records = records.prefetch_related(*self.prefetch)
        return list(records)


def converts_nothing(queryset: QuerySet) -> bool:
    """Whether every annotation is used as the database returns it (``raw`` sets annotations unconverted)."""
    connection = connections[queryset.db]
    for annotation in queryset.query.annotation_select.values():
        if connection.ops.get_db_converters(annotation) or annotation.get_db_converters(connection):
            return False
    return True
