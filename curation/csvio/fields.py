"""Resource fields: how a CSV column maps onto a model, and how a row is compared with the database.

``comparable`` is what "unchanged" means for a column: re-importing a file that
matches the database must report every row unchanged, including partial dates with
their approximate flags, ``;``-lists and related records.
"""

from __future__ import annotations

from django.utils import timezone
from import_export.fields import Field

from curation.copying import model_rows, staged_delete, staged_insert

from .widgets import ChoiceWidget, PartialDateWidget


class Column(Field):
    """One CSV column stored in one model attribute."""

    #: Written after the record is saved (related rows), not as an attribute.
    deferred = False

    def model_attributes(self) -> tuple[str, ...]:
        """Model attributes this column sets; their validation errors belong to this column."""
        return (self.attribute,)

    def save(self, instance, row, is_m2m=False, **kwargs):
        # import_export's save, without its paths through related records (``a__b``), which
        # no column uses: it is called for every cell of an import.
        if is_m2m or self.readonly or "__" in self.attribute:
            return super().save(instance, row, is_m2m=is_m2m, **kwargs)
        cleaned = self.clean(row, **kwargs)
        if cleaned is not None or self.saves_null_values:
            setattr(instance, self.attribute, cleaned)
        return None

    def comparable(self, instance):
        return self.get_value(instance)


class ForeignKeyColumn(Column):
    """A foreign key; compared by id, shown from the widget's lookup table (no query per row)."""

    def comparable(self, instance):
        return getattr(instance, f"{self.attribute}_id")

    def get_value(self, instance):
        field = instance._meta.get_field(self.attribute)
        if not field.is_cached(instance):
            pk = getattr(instance, field.attname)
            if pk is None:
                return None
            record = self.widget.record_by_pk(pk) if hasattr(self.widget, "record_by_pk") else None
            if record is not None:
                return record
        return super().get_value(instance)


class PartialDateColumn(Column):
    """A partial date and its ``<field>_approximate`` flag in one cell: ``2024-03~``."""

    def __init__(self, attribute: str, *, required: bool = False, **kwargs):
        super().__init__(attribute=attribute, widget=PartialDateWidget(required=required), **kwargs)
        self.approximate_attribute = f"{attribute}_approximate"

    def model_attributes(self) -> tuple[str, ...]:
        return (self.attribute, self.approximate_attribute)

    def get_value(self, instance):
        value = getattr(instance, self.attribute, None)
        if value is None:
            return None
        return value.with_approximate(bool(getattr(instance, self.approximate_attribute, False)))

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row, **kwargs)
        setattr(instance, self.attribute, None if value is None else value.with_approximate(False))
        setattr(instance, self.approximate_attribute, bool(value is not None and value.approximate))


class DeferredColumn(Column):
    """Related rows written after the record is saved (participants, many-to-many links).

    Import stages the cleaned value on the instance; the value shown, compared and
    exported is the staged one if any, else what the database holds. Items keep the
    order in which they were first imported (ordered by the related rows' ids); a
    change of order alone is not a change.
    """

    deferred = True

    @property
    def pending_attribute(self) -> str:
        return f"_csv_pending_{self.attribute}"

    def stage(self, instance, row, **kwargs) -> None:
        setattr(instance, self.pending_attribute, self.clean(row, **kwargs))

    def save(self, instance, row, is_m2m=False, **kwargs):
        self.stage(instance, row, **kwargs)

    @property
    def current_attribute(self) -> str:
        return f"_csv_current_{self.attribute}"

    def get_value(self, instance):
        if hasattr(instance, self.pending_attribute):
            return getattr(instance, self.pending_attribute)
        if instance.pk is None or instance._state.adding:
            return []
        if not hasattr(instance, self.current_attribute):
            # Read once per instance: the preview's diff and the comparison both need it.
            setattr(instance, self.current_attribute, self.current(instance))
        return getattr(instance, self.current_attribute)

    def comparable(self, instance):
        return frozenset(self.get_value(instance))

    def present(self, instance) -> list:
        """The value in the database (read by ``prefetch`` for an import's records)."""
        if instance.pk is None or instance._state.adding:
            return []
        if not hasattr(instance, self.current_attribute):
            setattr(instance, self.current_attribute, self.current(instance))
        return getattr(instance, self.current_attribute)

    def current(self, instance) -> list:
        """The value in the database, in import order."""
        raise NotImplementedError

    def values_for(self, queryset) -> dict:
        """``{pk: value}`` for every record of ``queryset``, in one query (for export)."""
        raise NotImplementedError

    def prefetch(self, instances: list) -> None:
        """Read the value of each of ``instances`` (records in the database) in one query."""
        if not instances:
            return
        model = type(instances[0])
        values = self.values_for(model._base_manager.filter(pk__in=[instance.pk for instance in instances]))
        for instance in instances:
            setattr(instance, self.current_attribute, values.get(instance.pk, []))

    def write(self, instance, *, user=None) -> None:
        """Make the database hold the staged value."""
        raise NotImplementedError

    def write_many(self, instances: list, *, user=None) -> None:
        """``write`` for each of ``instances``; a column overrides it with a few set-based statements."""
        for instance in instances:
            self.write(instance, user=user)


class ManyToManyColumn(DeferredColumn):
    """A many-to-many field whose related records are written by primary key (states by ISO3).

    Links are added one at a time in the order written, so that export gives them
    back in that order.
    """

    def _through(self, model):
        field = model._meta.get_field(self.attribute)
        through = field.remote_field.through
        return through, field.m2m_field_name(), field.m2m_reverse_field_name()

    def current(self, instance) -> list:
        through, source, target = self._through(type(instance))
        return list(
            through.objects.filter(**{source: instance.pk}).order_by("pk").values_list(f"{target}_id", flat=True)
        )

    def values_for(self, queryset) -> dict:
        through, source, target = self._through(queryset.model)
        values: dict = {}
        links = through.objects.filter(**{f"{source}__in": queryset.order_by().values("pk")}).order_by("pk")
        for pk, related in links.values_list(f"{source}_id", f"{target}_id"):
            values.setdefault(pk, []).append(related)
        return values

    def write_many(self, instances: list, *, user=None) -> None:
        """The links removed by one ``DELETE``, those added by one ``INSERT`` in the order written."""
        if not instances:
            return
        through, source, target = self._through(type(instances[0]))
        source_field, target_field = through._meta.get_field(source), through._meta.get_field(target)
        removed, added = [], []
        for instance in instances:
            wanted = getattr(instance, self.pending_attribute)
            present = self.present(instance)
            removed.extend((instance.pk, pk) for pk in present if pk not in wanted)
            added.extend(
                {source_field.attname: instance.pk, target_field.attname: pk} for pk in wanted if pk not in present
            )
        staged_delete(through, [source_field.column, target_field.column], removed)
        if added:
            staged_insert(through, *model_rows(through, added, now=timezone.now()))

    def write(self, instance, *, user=None) -> None:
        wanted = getattr(instance, self.pending_attribute)
        present = self.current(instance)
        manager = getattr(instance, self.attribute)
        removed = [pk for pk in present if pk not in wanted]
        if removed:
            manager.remove(*removed)
        for pk in wanted:
            if pk not in present:
                manager.add(pk)


class StatusColumn(Column):
    """The ``status`` column: the statuses the model's records may have (draft, published; claims also retracted)."""

    def __init__(self, model):
        statuses = [value for value, _ in model._meta.get_field("status").choices]
        super().__init__(attribute="status", widget=ChoiceWidget(statuses))
