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

The parts are ``UNION``-ed, so each is answered by its own index, and their keys read
up to ``FEW_KEYS`` (``curation.models.few_keys``, one query; counted, not guessed: the planner's guess for a rare
word can be 25,000). A rare search (fewer keys) filters the list by those keys, counts
them exactly and sorts the few records. A common one walks the list in its order,
checking each record (the other tables through a subquery for that record), and stops
at the page's end; the list then says "about N", the planner's estimate. Either way a
search page runs one query more than the plain list, plus its lookups of state names.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import OuterRef, Q, QuerySet

from curation.models import FEW_KEYS, any_row, few_keys, web_search

from .counting import estimated_rows

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


def plain_words(term: str) -> list[str] | None:
    """The words of ``term``, or None unless it is plain words (letters and digits): quotes, ``OR`` and
    ``-word`` are web search syntax."""
    words = term.split()
    if not words or len(words) > MAX_PREFIX_WORDS or any(not PLAIN_WORD.fullmatch(word) for word in words):
        return None
    if any(word.upper() == "OR" for word in words):
        return None
    return words


def prefix_search(term: str) -> SearchQuery | None:
    """Every word of ``term`` as the beginning of a word (``artil`` finds artillery), or None unless ``term``
    is plain words."""
    words = plain_words(term)
    if words is None:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="english")


def whole_words(term: str) -> SearchQuery | None:
    """Every word of ``term`` whole (``artillery``, not ``artillery:*``), or None unless ``term`` is plain words:
    what it finds, the beginnings of the same words find too."""
    words = plain_words(term)
    if words is None:
        return None
    return SearchQuery(" & ".join(words), search_type="raw", config="english")


def words_match(term: str) -> Q:
    """Records whose stored ``search`` vector matches ``term``: plain words as beginnings of words (which
    finds every whole word too), anything else in web search syntax."""
    prefixes = prefix_search(term)
    return Q(search=prefixes if prefixes is not None else web_search(term))


class IndexedSearchMixin:
    """A changelist search through the full-text vector and trigram indexes (see the module docstring)."""

    #: Short columns matched as substrings; each needs a trigram index on ``UPPER(column)`` (its migration).
    search_contains: tuple[str, ...] = ()

    def search_elsewhere(self, term: str) -> list[QuerySet]:
        """Further matches found through other tables: querysets of one column, this model's keys."""
        return []

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        own = words_match(term) | contains(self.search_contains, term)
        parts = [part.order_by() for part in self.search_elsewhere(term)]
        keys = self.model._default_manager.filter(own).order_by().values_list("pk", flat=True)
        found = None if self.common_whole_words(term) else few_keys(keys, *parts)
        if request is not None:
            request.search_counts_exactly = found is not None  # read by the list's count (CuratedAdmin.get_paginator)
        if found is not None:
            # Every match is known: the list's filters, count and order apply to those keys alone.
            return queryset.filter(pk__in=sorted(found)), False
        if request is not None:
            # Many: the list says "about N", never counting them (keys in a subquery, for the planner's estimate).
            found = queryset.filter(pk__in=keys.union(*parts) if parts else keys)
            request.search_estimate = max(estimated_rows(found), FEW_KEYS)
        # A common search: each record along the list's order is checked, the other tables through their indexes
        # for that record only, so the page stops after a few hundred records instead of sorting every match.
        # A scalar subquery per record, not EXISTS or IN: PostgreSQL would hash every key the other table leads
        # to first (60,000 citations' claims for "artillery", 105 ms), priced for all the rows, not the page's.
        condition = own
        for part in parts:
            condition |= Q(any_row(for_each_record(part)))
        return queryset.filter(condition), False

    def common_whole_words(self, term: str) -> bool:
        """Whether the words of ``term``, whole, are in at least ``FEW_KEYS`` records: then the search (their
        beginnings, and more) is common without reading its keys. Beginnings of words are read from the index as
        a bitmap of every match, whole words as the index's own lists: for "artillery" in 900,000 claims, 8 ms
        instead of 15 to 30 (2026-12-01). One query more for a rare word (about a millisecond)."""
        whole = whole_words(term)
        if whole is None:
            return False
        return (
            few_keys(self.model._default_manager.filter(search=whole).order_by().values_list("pk", flat=True)) is None
        )


def for_each_record(part: QuerySet) -> QuerySet:
    """``part`` (a queryset of one column: keys of the searched model) narrowed to the outer record's key."""
    (column,) = part.query.values_select
    return part.filter(**{column: OuterRef("pk")})
