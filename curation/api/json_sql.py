"""A record's representation built by PostgreSQL, in the same statement that reads the record.

At 300,000 events an uncached events page spent most of its Python time turning rows into model
instances, then the serializer's fields into dicts (issue 15): per row, every field's attribute
lookups, a partial date rebuilt from its range, two JSON values decoded. PostgreSQL builds the same
object in the statement (``json_build_object``) for a fraction of that, and the view hands it on.

The serializer stays the representation's definition (the schema, and the answers a test compares
these with, record by record); a serializer whose fields all have a SQL form says so
(``RecordSerializer.own_json_sql``), and so does each app that contributes fields to it
(``ApiContribution.json_sql``). Without both, the view serializes as before.

``SqlJson`` is one JSON object's members, each a SQL expression over the record's row (the table
by name), and the one-row subqueries they read (``parts``, correlated to that row: claims counted
once, read by two members). Links are absolute: the request's scheme, host and paths come in as
parameters (``RequestLinks``), never as text in the SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import get_script_prefix

from .links import detail_url_template, list_url

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class SqlJson:
    """A JSON object's ``members`` (name, SQL expression) in order; the ``parts`` they read, each
    ``(alias, SQL of a one-row subquery)``; and the parameters of each, in the order they appear."""

    members: tuple[tuple[str, str], ...]
    member_params: tuple = ()
    parts: tuple[tuple[str, str], ...] = ()
    part_params: tuple = ()

    def __post_init__(self):
        for name, _ in self.members:
            if not _NAME.fullmatch(name):  # a member's name is written into the SQL
                raise ValueError(f"not a member name: {name!r}")
        for alias, _ in self.parts:
            if not _NAME.fullmatch(alias):
                raise ValueError(f"not an alias: {alias!r}")

    def __add__(self, other: SqlJson) -> SqlJson:
        return SqlJson(
            self.members + other.members,
            self.member_params + other.member_params,
            self.parts + other.parts,
            self.part_params + other.part_params,
        )

    def expression(self) -> tuple[str, list]:
        """One SQL expression (and its parameters) giving the object for the row."""
        built = "json_build_object(" + ", ".join(f"'{name}', {sql}" for name, sql in self.members) + ")"
        if not self.parts:
            return built, list(self.member_params)
        tables = ", ".join(f"({sql}) {alias}" for alias, sql in self.parts)
        return f"(SELECT {built} FROM {tables})", [*self.member_params, *self.part_params]


def partial_date_sql(column: str, approximate: str) -> str:
    """``PartialDateField``'s ``{"value", "precision", "approximate"}`` of a partial-date ``column``, or null
    (the function of ``curation/migrations/0002_partial_date_json``)."""
    return f"curation_partial_date_json({column}, {approximate})"


class RequestLinks:
    """The absolute URLs a representation links to, for one request: a list's, and a detail's around its key.

    The keys written into links are URL-safe as they are (``SLUG_REGEX``, ISO3 codes): the URL routes
    take no other, and ``DetailUrlField`` reverses only those that are not.
    """

    def __init__(self, request):
        self.request = request

    def detail(self, view_name: str, lookup_kwarg: str, sample_key: str) -> tuple[str, str]:
        template = detail_url_template(self.request, view_name, lookup_kwarg, sample_key)
        if template is None:
            raise ValueError(f"{view_name}'s path does not hold its key as a whole segment")
        return template

    def list(self, view_name: str) -> str:
        return list_url(self.request, view_name)

    @property
    def origin(self) -> str:
        """What every link of this request starts with (a detail's statement is kept per origin)."""
        return self.request.build_absolute_uri(get_script_prefix())
