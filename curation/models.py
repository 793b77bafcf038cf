"""Abstract records: what every curated model is made of, and the conventions each part brings.

A model is put together from these parts::

    class Event(Keyed, Publishable, Period): ...       # a key, a status, a start and an end
    class Source(Keyed, Publishable, dated("published", ...)): ...
    class Claim(Keyed, Retractable, dated("asserted", ...)): ...
    class State(Audited): ...

Each part declares its fields here, and what it adds to the concrete model's
``Meta`` is added when the model class is prepared (``apply_conventions``), so
that every model gets exactly the same permissions, indexes and checks, under
the same names:

- ``Audited``: who created and last changed the record, and when; the
  permissions ``import_<model>``, ``export_<model>``, ``restore_<model>``.
- ``Keyed``: a stable ``slug`` key; the check ``<model>_slug_not_empty``.
- ``Publishable``: ``status`` draft/published; the permission ``publish_<model>``
  and an index on ``status``.
- ``Retractable``: also ``retracted``, with a ``retraction_reason``; the
  permission ``retract_<model>`` and the check ``<model>_retraction_has_reason``.
- every ``PartialDateField``: the check ``<model>_<field>_is_partial_date``.
- a stored full-text vector ``search`` (``search_vector``): a GIN index on it.
- ``Period``: ``start``/``end`` partial dates; the check ``<model>_end_not_before_start``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models.functions import Upper
from django.db.models.lookups import IsNull
from django.db.models.signals import class_prepared

from .partial_dates import PartialDateField, display_partial, partial_date_check
from .workflow.status import PUBLISHABLE_CHOICES, RETRACTABLE_CHOICES, EditorialStatus

SLUG_HELP = (
    "Stable key used by CSV files and the API (lowercase letters, digits and hyphens). Change it only with care."
)


def search_vector(*weighted: tuple[str, str] | str) -> models.GeneratedField:
    """A stored full-text vector (English) of fields, each with its weight or none; it gets a GIN index.

    ``search = search_vector(("title", "A"), ("summary", "B"))``; ``search_vector("quote")``.
    """
    expression = None
    for item in weighted:
        field, weight = item if isinstance(item, tuple) else (item, None)
        vector = SearchVector(field, config="english", **({"weight": weight} if weight else {}))
        expression = vector if expression is None else expression + vector
    return models.GeneratedField(expression=expression, output_field=SearchVectorField(), db_persist=True)


def trigram_index(field: str, name: str) -> GinIndex:
    """A trigram index (pg_trgm, GIN) on ``UPPER(field)``: it answers ``icontains`` (``LIKE '%TERM%'``)."""
    return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)


def web_search(text: str) -> SearchQuery:
    """A reader's search (web search syntax: quotes, OR, -word) against the stored English vectors."""
    return SearchQuery(text, search_type="websearch", config="english")


def any_row(queryset: models.QuerySet) -> IsNull:
    """True when ``queryset`` (usually correlated with ``OuterRef``) has a row: a scalar subquery of its first key.

    For conditions in an OR: PostgreSQL may plan an EXISTS there as one hash of every matching row in the
    table, priced for all the outer table's rows rather than the page's; a scalar subquery always runs for each
    outer row, through its index, and stops at the first match.
    """
    return IsNull(models.Subquery(queryset.order_by().values("pk")[:1]), False)


#: Under this many matching keys a search filters on the keys themselves; at or over it, it walks the list.
FEW_KEYS = 1_000


def few_keys(keys: models.QuerySet, *more: models.QuerySet) -> set | None:
    """The keys of ``keys`` and ``more`` (querysets of one column, each read through its own index) when they
    are fewer than ``FEW_KEYS``, else None: counted in one query, not guessed (the planner's guess for a word no
    row holds can be 25,000), so a search can filter on a few keys and walk the list in its order for many.

    Not through a cursor (``.iterator()``): a cursor is planned for its first rows, which turned a 1 ms read of
    the keys of a rare word into a 20 ms scan.
    """
    found = list((keys.union(*more, all=True) if more else keys)[:FEW_KEYS])
    return set(found) if len(found) < FEW_KEYS else None


def overlapping(field: str, lower, upper) -> models.Q:
    """Rows whose daterange ``field`` meets the days [lower, upper]; either end may be None (open).

    A window that ends before it begins meets nothing.
    """
    if lower is not None and upper is not None and upper < lower:
        return models.Q(pk__in=[])
    return models.Q(**{f"{field}__overlap": DateRange(lower, upper, "[]")})


class CuratedQuerySet(models.QuerySet):
    """Reads shared by the records that have an editorial status and a stored ``search`` vector."""

    def published(self):
        return self.filter(status=EditorialStatus.PUBLISHED)

    def full_text(self, text: str):
        """Records whose search vector matches ``text`` (web search syntax, English)."""
        return self.filter(search=web_search(text))


def optional_reference(to, *, related_name: str, help_text: str = "", **kwargs) -> models.ForeignKey:
    """A foreign key that may be empty and protects what it points at from deletion."""
    return models.ForeignKey(
        to, on_delete=models.PROTECT, null=True, blank=True, related_name=related_name, help_text=help_text, **kwargs
    )


# --- the parts ----------------------------------------------------------------


class Audited(models.Model):
    """Who created and last changed a record, and when."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)
    created_by = optional_reference(settings.AUTH_USER_MODEL, related_name="+", editable=False)
    updated_by = optional_reference(settings.AUTH_USER_MODEL, related_name="+", editable=False)

    class Meta:
        abstract = True


class Keyed(models.Model):
    """A stable key (slug) by which CSV files, the API and other records address the record."""

    slug = models.SlugField("key", max_length=120, unique=True, help_text=SLUG_HELP)

    class Meta:
        abstract = True


def status_field(choices, help_text: str) -> models.CharField:
    return models.CharField(max_length=20, choices=choices, default=EditorialStatus.DRAFT, help_text=help_text)


class Publishable(Audited):
    """A record that is drafted, then published; only published records reach readers."""

    status = status_field(PUBLISHABLE_CHOICES, "Only published records are visible through the API.")

    class Meta:
        abstract = True


class Retractable(Publishable):
    """A publishable record that is retracted with a reason, never deleted."""

    status = status_field(
        RETRACTABLE_CHOICES,
        "Only published records are visible through the API. Retract, with a reason, instead of deleting.",
    )
    retraction_reason = models.TextField(blank=True, help_text="Why the record was retracted. Required to retract.")

    class Meta:
        abstract = True


def dated(field: str, verbose_name: str, help_text: str) -> type[models.Model]:
    """An abstract part: one partial date ``field``, its ``<field>_approximate`` flag and ``<field>_display``."""
    approximate = f"{field}_approximate"

    def display(record) -> str:
        return display_partial(getattr(record, field), getattr(record, approximate))

    attributes = {
        "__module__": __name__,
        field: PartialDateField(verbose_name, null=True, blank=True, help_text=help_text),
        approximate: models.BooleanField(default=False, help_text="Tick when the date is only approximate."),
        f"{field}_display": property(display),
        "Meta": type("Meta", (), {"abstract": True}),
    }
    return type(f"Dated_{field}", (models.Model,), attributes)


class Period(
    dated(
        "start",
        "start",
        "When it began: YYYY, YYYY-MM or YYYY-MM-DD, at the precision the documents give. "
        "Leave empty when no source dates it (say what is known in the summary); never guess.",
    ),
    dated("end", "end", "When it ended, at its precision. Leave empty while it goes on, or for a one-off."),
):
    """A start and an optional end, each a partial date; the end never before the start."""

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.start and self.end and self.end.lower < self.start.lower:
            raise ValidationError({"end": "The end cannot be before the start."})


# --- the conventions, applied to every concrete model made of these parts -------


def _add_options(meta, name: str, items: list) -> None:
    """Append ``items`` to the model's ``Meta.<name>`` (and what migrations read of it), each once."""
    current = list(getattr(meta, name))
    names = {getattr(item, "name", item) for item in current}
    current.extend(item for item in items if getattr(item, "name", item) not in names)
    setattr(meta, name, current)
    meta.original_attrs[name] = current


def conventions(model: type[models.Model]) -> tuple[list, list, list]:
    """``(permissions, indexes, constraints)`` that ``model``'s parts give it (see the module docstring)."""
    opts = model._meta
    name, plural = opts.model_name, opts.verbose_name_plural
    permissions, indexes, constraints = [], [], []
    if issubclass(model, Audited):
        permissions += [
            (f"import_{name}", f"Can import {plural} from CSV"),
            (f"export_{name}", f"Can export {plural} to CSV"),
            (f"restore_{name}", f"Can restore {plural} to an earlier version"),
        ]
    if issubclass(model, Keyed):
        constraints.append(models.CheckConstraint(condition=~models.Q(slug=""), name=f"{name}_slug_not_empty"))
    if issubclass(model, Publishable):
        permissions.append((f"publish_{name}", f"Can publish {plural}"))
        index = models.Index(fields=["status"])
        index.set_name_with_model(model)
        indexes.append(index)
    if issubclass(model, Retractable):
        permissions.append((f"retract_{name}", f"Can retract {plural}"))
        constraints.append(
            models.CheckConstraint(
                condition=~models.Q(status=EditorialStatus.RETRACTED) | ~models.Q(retraction_reason=""),
                name=f"{name}_retraction_has_reason",
            )
        )
    for field in opts.local_fields:
        if field.name == "search" and isinstance(getattr(field, "output_field", None), SearchVectorField):
            index = GinIndex(fields=["search"])
            index.set_name_with_model(model)
            indexes.append(index)
        if isinstance(field, PartialDateField):
            constraints.append(
                models.CheckConstraint(
                    condition=partial_date_check(field.name), name=f"{name}_{field.name}_is_partial_date"
                )
            )
    if issubclass(model, Period):
        constraints.append(
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__startswith__gte=models.F("start__startswith")),
                name=f"{name}_end_not_before_start",
            )
        )
    return permissions, indexes, constraints


def apply_conventions(sender, **kwargs) -> None:
    if sender._meta.abstract or not issubclass(sender, Audited):
        return  # historical models built by migrations are not Audited subclasses: their state says it all
    permissions, indexes, constraints = conventions(sender)
    _add_options(sender._meta, "permissions", permissions)
    _add_options(sender._meta, "indexes", indexes)
    _add_options(sender._meta, "constraints", constraints)


class_prepared.connect(apply_conventions, dispatch_uid="curation.models.apply_conventions")
