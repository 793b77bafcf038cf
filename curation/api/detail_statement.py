"""A detail's query compiled once per process, then run with each request's key.

A detail's queryset is the same at every request but for the record's key: the view's public read,
its joins and the contributed annotations (claim counts, evidence), filtered by the key. Building
and compiling it with the ORM cost 460 us of an uncached detail's 3 ms at 300,000 events (issue
15), for SQL that does not change. ``DetailStatement.of`` compiles it once with a stand-in key and
keeps what Django's ``ModelIterable`` works out from the compiler (which columns are the model's,
where each annotation is, each column's converters); each request runs that SQL with its own key
and builds the record as ``ModelIterable`` does (``Model.from_db``, the converters, the
annotations as attributes), then prefetches what the queryset prefetches. (``QuerySet.raw`` would
do the same, but works the columns out again from the cursor at every request: 150 us.)

A queryset with ``select_related``, or a combined one, is left to the ORM (``of`` returns None), as
is anything whose compiled SQL does not hold the key as exactly one parameter. The caller keeps the
ORM for reads that are not the live tables' (``as_of``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet, prefetch_related_objects

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
    model_columns: slice  # the model's own columns in each row
    init_list: tuple[str, ...]  # their attributes, in that order
    annotations: tuple[tuple[str, int], ...]  # (attribute, column)
    converters: tuple  # (column, (converter, ...), expression), as SQLCompiler.get_converters gives them

    @classmethod
    def of(cls, queryset: QuerySet, lookup_field: str) -> DetailStatement | None:
        """The statement reading ``queryset``'s record by ``lookup_field``, or None where it would differ."""
        if queryset.query.select_related or queryset.query.combinator:
            return None
        # As QuerySet.get: no ordering, and two rows at most (a second is an error, not a choice).
        query = queryset.filter(**{lookup_field: STAND_IN}).order_by()[:2].query
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        positions = [index for index, value in enumerate(params) if isinstance(value, str) and value == STAND_IN]
        klass_info = compiler.klass_info
        if len(positions) != 1 or klass_info is None or klass_info.get("related_klass_infos"):
            return None
        select = compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        return cls(
            model=klass_info["model"],
            using=queryset.db,
            sql=sql,
            params=tuple(params),
            key_position=positions[0],
            prefetch=tuple(queryset._prefetch_related_lookups),
            model_columns=slice(start, end),
            init_list=tuple(column[0].target.attname for column in select[start:end]),
            annotations=tuple(compiler.annotation_col_map.items()),
            converters=tuple((position, tuple(convs), column) for position, (convs, column) in converters.items()),
        )

    def records(self, key) -> list[Model]:
        params = list(self.params)
        params[self.key_position] = key
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        records = []
        for raw in rows:
            row = list(raw)
            for position, convs, expression in self.converters:
                value = row[position]
                for converter in convs:
                    value = converter(value, expression, connection)
                row[position] = value
            record = self.model.from_db(self.using, self.init_list, row[self.model_columns])
            for attribute, position in self.annotations:
                setattr(record, attribute, row[position])
            records.append(record)
        if self.prefetch and records:
            prefetch_related_objects(records, *self.prefetch)
        return records
