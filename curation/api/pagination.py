"""Keyset ("cursor") pagination: a fixed-cost page at any depth, and no COUNT(*).

The page is ordered by the queryset's ``order_by`` (the view's default or the
``ordering`` parameter: plain field names or ``F(name).asc/desc(nulls_...)``)
plus the view's unique key as the last tie-breaker, so that every row has
exactly one place. A cursor holds the ordering and the key values of the row it
starts after (or before, for the previous page), signed so that it cannot be
forged; the next page is one ``WHERE (a, b, key) > (...)`` query that puts NULLs
where the ordering does.

``page_size`` is capped: a larger value is a 400 naming the parameter, never
silently shrunk; so is a malformed or foreign cursor.
"""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, OrderBy, Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from curation.partial_dates import PartialDate

CURSOR_SALT = "axisdb.api.cursor"
DIGITS_RE = re.compile(r"[0-9]{1,6}")


def _encode(value):
    if isinstance(value, PartialDate):
        return value.value
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return value


class KeysetCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    @property
    def default_page_size(self) -> int:
        return settings.AXISDB_API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.AXISDB_API_MAX_PAGE_SIZE

    # --- parameters ---------------------------------------------------------

    def _single(self, request, name):
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise ValidationError({name: ["Give this parameter once."]})
        return values[0] if values else None

    def read_parameters(self, request) -> tuple[int, dict | None]:
        """The page size and the decoded cursor; a 400 naming the parameter when either is bad."""
        errors = {}
        size = self.default_page_size
        raw_size = self._single(request, self.page_size_query_param)
        if raw_size is not None:
            if not DIGITS_RE.fullmatch(raw_size) or int(raw_size) < 1:
                errors[self.page_size_query_param] = [f"Give a whole number from 1 to {self.max_page_size}."]
            elif int(raw_size) > self.max_page_size:
                errors[self.page_size_query_param] = [
                    f"At most {self.max_page_size} results per page; follow the next link for more."
                ]
            else:
                size = int(raw_size)
        cursor = None
        raw_cursor = self._single(request, self.cursor_query_param)
        if raw_cursor == "":
            # As the schema says (minLength 1), like every other parameter: leave it out instead.
            errors[self.cursor_query_param] = ["This parameter may not be empty: leave it out for the first page."]
        elif raw_cursor is not None:
            try:
                cursor = signing.loads(raw_cursor, salt=CURSOR_SALT)
            except signing.BadSignature:
                cursor = None
            if not self._well_formed(cursor):
                errors[self.cursor_query_param] = ["Invalid cursor: use the next or previous link of a page."]
                cursor = None
        if errors:
            raise ValidationError(errors)
        return size, cursor

    @staticmethod
    def _well_formed(cursor) -> bool:
        return (
            isinstance(cursor, dict)
            and isinstance(cursor.get("o"), list)
            and isinstance(cursor.get("v"), list)
            and len(cursor["o"]) == len(cursor["v"])
            and cursor.get("d") in ("next", "prev")
            and isinstance(cursor.get("i", False), bool)
        )

    # --- ordering -----------------------------------------------------------
    # An ordering is a list of ``[name, descending, nulls_last]`` keys: JSON, so a
    # cursor can carry it, and explicit about where NULLs go.

    def ordering(self, queryset, view) -> list[list]:
        """``order_by`` of the queryset plus the view's unique key.

        ``-start, slug`` gives ``[["start", True, False], ["slug", False, True]]``.
        """
        ordering = []
        for item in queryset.query.order_by:
            if isinstance(item, str) and "__" not in item and not item.startswith("?"):
                descending = item.startswith("-")
                # PostgreSQL's default: NULLs last ascending, first descending.
                ordering.append([item.lstrip("-"), descending, not descending])
            elif isinstance(item, OrderBy) and isinstance(item.expression, F) and "__" not in item.expression.name:
                nulls_last = bool(item.nulls_last) if (item.nulls_last or item.nulls_first) else not item.descending
                ordering.append([item.expression.name, bool(item.descending), nulls_last])
            else:
                raise ImproperlyConfigured(f"Keyset pagination needs plain field names, not {item!r}.")
        unique = getattr(view, "keyset_unique_field", "pk")
        if unique not in {name for name, _, _ in ordering}:
            ordering.append([unique, False, True])
        return ordering

    @staticmethod
    def _reversed(ordering):
        return [[name, not descending, not nulls_last] for name, descending, nulls_last in ordering]

    @staticmethod
    def _order_by(ordering):
        def key(name, descending, nulls_last):
            placement = {"nulls_last": True} if nulls_last else {"nulls_first": True}
            return F(name).desc(**placement) if descending else F(name).asc(**placement)

        return [key(*item) for item in ordering]

    @staticmethod
    def _after(ordering, values, inclusive) -> Q:
        """Rows strictly after ``values`` in ``ordering`` (or at them, when inclusive)."""
        nothing = Q(pk__in=[])
        condition = nothing
        equal = Q()
        for (name, descending, nulls_last), value in zip(ordering, values, strict=True):
            if value is None:
                beyond = nothing if nulls_last else Q(**{f"{name}__isnull": False})
                same = Q(**{f"{name}__isnull": True})
            else:
                beyond = Q(**{f"{name}__lt": value}) if descending else Q(**{f"{name}__gt": value})
                if nulls_last:
                    beyond |= Q(**{f"{name}__isnull": True})
                same = Q(**{name: value})
            condition |= equal & beyond
            equal &= same
        if inclusive:
            condition |= equal
        return condition

    @staticmethod
    def _values(record, ordering):
        if isinstance(record, dict):  # a row of ``values()``
            return [_encode(record[name]) for name, _, _ in ordering]
        return [_encode(record.pk if name == "pk" else getattr(record, name)) for name, _, _ in ordering]

    def _token(self, ordering, values, direction, inclusive=False):
        payload = {"r": self.resource, "o": ordering, "v": values, "d": direction}
        if inclusive:
            payload["i"] = True
        return signing.dumps(payload, salt=CURSOR_SALT, compress=True)

    # --- pagination ---------------------------------------------------------

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.resource = getattr(view, "basename", None) or queryset.model._meta.label_lower
        size, cursor = self.read_parameters(request)
        ordering = self.ordering(queryset, view)
        backwards = False
        if cursor is not None:
            if cursor.get("r") != self.resource:
                raise ValidationError({self.cursor_query_param: ["This cursor belongs to another list."]})
            if cursor["o"] != ordering:
                raise ValidationError(
                    {self.cursor_query_param: ["This cursor belongs to another ordering: start again from page one."]}
                )
            backwards = cursor["d"] == "prev"
            walk = self._reversed(ordering) if backwards else ordering
            queryset = queryset.filter(self._after(walk, cursor["v"], cursor.get("i", False)))
            queryset = queryset.order_by(*self._order_by(walk))
        else:
            queryset = queryset.order_by(*self._order_by(ordering))
        rows = list(queryset[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        self.next_token = self.previous_token = None
        if rows:
            if more or backwards:
                self.next_token = self._token(ordering, self._values(rows[-1], ordering), "next")
            if cursor is not None and (more or not backwards):
                self.previous_token = self._token(ordering, self._values(rows[0], ordering), "prev")
        elif cursor is not None:
            # An empty page (its rows were unpublished meanwhile): offer the way back.
            token = self._token(ordering, cursor["v"], "next" if backwards else "prev", inclusive=True)
            if backwards:
                self.next_token = token
            else:
                self.previous_token = token
        return rows

    def _link(self, token):
        if token is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, token)

    def get_next_link(self):
        return self._link(self.next_token)

    def get_previous_link(self):
        return self._link(self.previous_token)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last page."},
                "previous": {**link, "description": "The previous page, or null on the first page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position in the list, issued in the `next` and `previous` links of a page. "
                "A cursor that was not issued by the API, or that belongs to another ordering, is a 400; "
                "so is an empty one (leave the parameter out for the first page).",
                "schema": {"type": "string", "minLength": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page: {self.default_page_size} by default, at most {self.max_page_size} "
                "(a larger value is a 400).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
