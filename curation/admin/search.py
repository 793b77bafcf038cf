"""Changelist search through indexes, not ``LIKE`` over joins (issue 15).

Django's own search (``search_fields``) is ``UPPER(column) LIKE '%term%'`` on
every field, joined tables included: PostgreSQL reads every row, and the
citations list took 12 s for ``?q=artillery`` at 300,000 events. An admin with
``IndexedSearchMixin`` finds what the same words found, each part through an index:

- **words** of its long text (title, summary, statement, quote...), in the record's
  stored full-text vector ``search`` (English, GIN): in web search syntax
  (``"naval exercise"``, ``OR``, ``-drill``), or as the beginnings of words, so that
  ``artil`` finds artillery while an editor is still typing (autocomplete fields too);
- **part of a short column** (``search_contains``: keys, claimants), through a trigram
  index (``pg_trgm``, GIN) on ``UPPER(column)``; a term of one or two letters is
  compared whole, as no trigram index can find it inside a word;
- what **other tables** lead to (``search_elsewhere``: a claim by its quotes, an event
  by a state named "DPRK"), each again through an index.

The parts are ``UNION``-ed into one subquery of keys, so each is answered by its own
index. The planner's estimate of the matches decides the page's form: a rare search
(under ``counting.EXACT_BELOW``) reads those keys and sorts the few records; a common
one walks the list in its order, checking each record, and stops at the page's end.
That estimate is the list's count (``CuratedAdmin.get_paginator``), so a search page
runs as many queries as the plain list, plus its lookups of state names.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, QuerySet

from curation.models import web_search

from .counting import EXACT_BELOW, estimated_rows

#: Terms shorter than this are compared whole with the short columns (a trigram index needs three letters).
SUBSTRING_FROM = 3
#: A longer search is matched as web search only.
MAX_PREFIX_WORDS = 8
PLAIN_WORD = re.compile(r"[^\W_]+")


def contains(columns, term: str) -> Q:
    """``term`` inside any of ``columns``, in any case: ``UPPER(column) LIKE '%TERM%'``, which the trigram index
    on ``UPPER(column)`` answers (whole-column equality for a term under ``SUBSTRING_FROM`` letters)."""
    lookup = "icontains" if len(term) >= SUBSTRING_FROM else "iexact"
    condition = Q(pk__in=[])
    for column in columns:
        condition |= Q(**{f"{column}__{lookup}": term})
    return condition


def prefix_search(term: str) -> SearchQuery | None:
    """Every word of ``term`` as the beginning of a word (``artil`` finds artillery), or None unless ``term``
    is plain words (letters and digits): quotes, ``OR`` and ``-word`` are web search syntax."""
    words = term.split()
    if not words or len(words) > MAX_PREFIX_WORDS or any(not PLAIN_WORD.fullmatch(word) for word in words):
        return None
    if any(word.upper() == "OR" for word in words):
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="english")


def words_match(term: str) -> Q:
    """Records whose stored ``search`` vector matches ``term``: plain words as beginnings of words (which
    finds every whole word too), anything else in web search syntax."""
    prefixes = prefix_search(term)
    return Q(search=prefixes if prefixes is not None else web_search(term))


class IndexedSearchMixin:
    """A changelist search through the full-text vector and trigram indexes (see the module docstring)."""

    #: Short columns matched as substrings; each needs a trigram index on ``UPPER(column)`` (its migration).
    search_contains: tuple[str, ...] = ()
    #: Whether a common search walks the list in its order (False where that order is on joined tables, which
    #: the planner cannot walk: it would read every match anyway).
    search_walks_common = True

    def search_elsewhere(self, term: str) -> list[QuerySet]:
        """Further matches found through other tables: querysets of one column, this model's keys."""
        return []

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        own = words_match(term) | contains(self.search_contains, term)
        parts = [part.order_by() for part in self.search_elsewhere(term)]
        matches = self.model._default_manager.filter(own).order_by().values("pk")
        if parts:
            matches = matches.union(*parts)
        # Keys in a subquery: no join, so no duplicate rows and no DISTINCT over the page.
        found = queryset.filter(pk__in=matches)
        estimate = estimated_rows(found)
        if request is not None:
            request.search_estimate = estimate  # the list's count starts from it (CuratedAdmin.get_paginator)
        if estimate < EXACT_BELOW or not self.search_walks_common:
            return found, False
        # A common search: each record along the list's order is checked (the other tables' keys hashed once),
        # so the page stops after a few hundred records instead of sorting every match.
        condition = own
        for part in parts:
            condition |= Q(pk__in=part)
        return queryset.filter(condition), False
