"""Bad list parameters (a filter value that cannot be read) show the list with a message.

Django answers some with a redirect to ``?e=1`` that drops every filter without a
word, and lets others reach the database, where they fail as server errors
(``?period=x``, a NUL character). Here a parameter that cannot be applied is
dropped, the list is shown with the other filters, and a message says what was
wrong with it.
"""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import IGNORED_PARAMS, PAGE_VAR
from django.core.exceptions import FieldError, SuspiciousOperation, ValidationError
from django.db import DatabaseError, connection, transaction

from curation.constraints import refusal_text


class BadListParameter(IncorrectLookupParameters):
    """A list filter could not read its parameters; ``message`` says why, for the editor."""

    def __init__(self, message: str, *, parameters: list[str]):
        super().__init__(message)
        self.message = message
        self.parameters = parameters


#: What building a changelist raises for a parameter it cannot apply.
UNREADABLE = (IncorrectLookupParameters, SuspiciousOperation, ValidationError, ValueError, FieldError, DatabaseError)


class ListParametersMixin:
    """For ModelAdmin: ``get_changelist_instance`` drops what it cannot apply, and says so."""

    def get_changelist_instance(self, request):
        problems = self._drop_nul_characters(request)
        while True:
            try:
                with _guarded(request):
                    changelist = super().get_changelist_instance(request)
                break
            except UNREADABLE as error:
                dropped, problem = self._culprit(request, error)
                if not dropped:
                    raise
                problems.append(problem)
                _drop(request, dropped)
        for problem in problems:
            messages.warning(request, problem)
        return changelist

    def _drop_nul_characters(self, request) -> list[str]:
        bad = [key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)]
        _drop(request, bad)
        return [f"The list parameter “{_printable(key)}” contained a NUL character and was ignored." for key in bad]

    def _culprit(self, request, error) -> tuple[list[str], str]:
        """The parameters that ``error`` came from, and what to tell the editor."""
        if isinstance(error, BadListParameter):
            return error.parameters, f"{error.message} The list is shown without it."
        candidates = [key for key in request.GET if key not in (*IGNORED_PARAMS, PAGE_VAR)]
        for key in candidates:
            trial = _without(request, [key])
            try:
                with _guarded(trial):
                    super().get_changelist_instance(trial)
            except UNREADABLE:
                continue
            return [key], (
                f"The list could not be filtered by “{key}={_printable(request.GET.get(key, ''))}” "
                f"({_reason(error)}). The list is shown without that filter."
            )
        if candidates:
            return candidates, f"The list's filters could not be applied ({_reason(error)}). The whole list is shown."
        return [], ""


def _guarded(request):
    """A savepoint around a list whose filters might make the database refuse the query.

    Only inside a transaction (tests, ATOMIC_REQUESTS), where a refused query would
    spoil it, and only for a filtered list: the plain list and a search cost nothing more.
    """
    filtered = any(key not in (*IGNORED_PARAMS, PAGE_VAR) for key in request.GET)
    if filtered and connection.in_atomic_block:
        return transaction.atomic()
    return contextlib.nullcontext()


def _reason(error) -> str:
    if isinstance(error, DatabaseError):
        return refusal_text(error)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _printable(text: str) -> str:
    return text.replace("\x00", "\\0")[:80]


def _drop(request, keys) -> None:
    if keys:
        query = request.GET.copy()
        for key in keys:
            query.pop(key, None)
        request.GET = query


def _without(request, keys):
    """A shallow copy of ``request`` without ``keys`` in its query string."""
    import copy

    trial = copy.copy(request)
    _drop(trial, keys)
    return trial
