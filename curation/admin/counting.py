"""Changelist counts that stay cheap on big tables: the planner's estimate where an exact count is costly.

Counting 900,000 claims (or the matches of a search over them) took longer than
showing the page. The paginator asks PostgreSQL's planner first (``EXPLAIN``,
no rows read): below ``EXACT_BELOW`` estimated rows the count is exact, above it
the estimate stands and the list says "about 300,000 claims". The list never
counts twice (no "N total" beside a filtered count).
"""

from __future__ import annotations

import json

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

#: Below this many estimated rows, count exactly.
EXACT_BELOW = 20_000


def estimated_rows(queryset) -> int:
    """The planner's estimate of the queryset's rows, from ``EXPLAIN (FORMAT JSON)``, without reading them."""
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing compiles to no SQL
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatingPaginator(Paginator):
    """A paginator whose ``count`` is the planner's estimate for large lists (``estimated`` then True)."""

    estimated = False
    #: The planner's estimate when the list already asked for it (a common search does), else None.
    known_estimate: int | None = None
    #: The share of the rows a filter keeps that the planner cannot see (``hidden_share``), applied to its estimate.
    share: float = 1.0
    #: Set by a search that counted its matches first (``curation.admin.search``): True when they are few, so an
    #: exact count is cheap whatever the planner guesses; False when they are many (the estimate stands).
    exact: bool | None = None

    @cached_property
    def count(self):
        if self.exact:
            return self.object_list.count()
        estimate = self.known_estimate if self.known_estimate is not None else estimated_rows(self.object_list)
        estimate = round(estimate * self.share)
        if self.exact is None and estimate < EXACT_BELOW:
            return self.object_list.count()
        self.estimated = True
        return estimate


def hidden_share(request, share: float) -> None:
    """Tell the list's count that a filter keeps about ``share`` of the rows although the planner takes it to keep
    them all: a condition checked row by row through a subquery (``curation.models.any_row``) is estimated to be
    true for every row, and the list would say "about 900,000 claims" for 300,000."""
    if request is not None:
        request.hidden_share = getattr(request, "hidden_share", 1.0) * share
