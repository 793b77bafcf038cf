"""The database's refusals: which constraint a write violated, and every constraint a model has.

PostgreSQL enforces every integrity rule (checks, unique keys, the exclusion of
overlapping ties, foreign keys). A refused write raises IntegrityError; its
``diag.constraint_name`` names the rule, which forms and services turn into a
message for the editor.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models


class ConstraintViolationError(ValidationError):
    """A write the database refused; ``constraint`` names the rule (None if it gave none)."""

    def __init__(self, message: str, *, constraint: str | None, model: type[models.Model] | None = None):
        super().__init__(message, code="constraint")
        self.constraint = constraint
        self.model = model


def violated_constraint(error: DatabaseError) -> str | None:
    """The name of the constraint ``error`` (from psycopg, wrapped by Django) reports, if any."""
    diag = getattr(error.__cause__, "diag", None) or getattr(error, "diag", None)
    return getattr(diag, "constraint_name", None)


def refusal_text(error: DatabaseError) -> str:
    """PostgreSQL's own one-line message."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "message_primary", None) or str(error).splitlines()[0]


def constraint_names(model: type[models.Model]) -> dict[str, tuple[str, ...]]:
    """Every constraint of ``model``'s table by name, with the fields it covers.

    ``Meta.constraints`` (with those the record parts add, see ``curation.models``)
    and the unique indexes PostgreSQL names itself: ``<table>_pkey`` and
    ``<table>_<column>_key`` for ``unique=True`` fields.
    """
    opts = model._meta
    names = {constraint.name: tuple(getattr(constraint, "fields", ()) or ()) for constraint in opts.constraints}
    for field in opts.local_concrete_fields:
        if field.primary_key:
            names[f"{opts.db_table}_pkey"] = (field.name,)
        elif field.unique:
            names[f"{opts.db_table}_{field.column}_key"] = (field.name,)
    return names
