"""``FixtureResource``: the strict base of every model's import/export resource.

What it adds to django-import-export's ``ModelResource``:

- the header must hold exactly the resource's columns (any order); otherwise the
  file is refused before any row is read;
- every cell error is a row error keyed by the CSV column (never the model field),
  and model validation (``full_clean``) runs on every changed row; database
  constraints are the database's, and its refusals become row errors too;
- its own import loop, set-based (``_import_rows``): a few queries per file, whatever
  its number of rows;
- two rows with the same key in one file are both errors, each naming the other;
- unchanged rows are reported unchanged, comparing partial dates with their
  approximate flags, lists and related rows (``Column.comparable``);
- any error rolls the whole file back (``rollback_on_validation_errors``), and the
  writes carry ``pghistory.context(import_run=..., import_file=..., user=...)``;
- ``created_by`` / ``updated_by`` are set to the importing user;
- export escapes formula-like cells (``formulae``), except in numeric columns.
"""

from __future__ import annotations

import uuid
from copy import deepcopy
from dataclasses import dataclass
from typing import Any, ClassVar

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import classproperty
from import_export import resources
from import_export.results import RowResult

from curation.copying import insert_columns, model_rows, staged_insert, staged_update
from curation.workflow.rules import check_status_change, has_workflow

from .checks import run_import_checks
from .errors import CsvFileError
from .fields import Column, DeferredColumn, ForeignKeyColumn
from .formulae import escape_cell
from .reading import check_header
from .report import first_rows


def _user_id(user) -> int | None:
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


def database_message(error: DatabaseError, constraint_messages: dict[str, str]) -> str:
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name in constraint_messages:
        return constraint_messages[name]
    primary = getattr(diag, "message_primary", None) or str(error).splitlines()[0]
    return f"the database refused the row: {primary}"


def _stamped(field) -> bool:
    """``created_at`` / ``updated_at``: set to the time of the write, not taken from the row."""
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


@dataclass
class _Pending:
    """A row cleaned and checked, not yet written: its record, whether new, its errors by attribute."""

    instance: Model
    new: bool
    errors: dict
    diff: Any = None


class FixtureResource(resources.ModelResource):
    # A resource of a keyed record (``Keyed``: a ``slug``) needs none of the four below:
    # its file is ``<verbose name plural>.csv``, a row is called by the model's verbose
    # name, the ``key`` column identifies it and rows are exported by key.

    @classproperty
    def file_name(cls) -> str:
        """The file's name in a fixture folder, e.g. ``events.csv``."""
        return f"{cls._meta.model._meta.verbose_name_plural}.csv"

    @classproperty
    def record_label(cls) -> str:
        """What one row is called in messages: "event"."""
        return str(cls._meta.model._meta.verbose_name)

    #: The columns that identify a row; two rows with the same values are duplicates.
    key_columns: ClassVar[tuple[str, ...]] = ("key",)
    #: Order of exported rows: by key, so that exports are stable.
    export_ordering: ClassVar[tuple[str, ...]] = ("slug",)
    #: Friendlier messages for database constraints, by constraint name.
    constraint_messages: ClassVar[dict[str, str]] = {}
    #: Write the rows set-based (``curation.copying``); off for a model whose ``save()`` does
    #: more than write its row, which must then be called for each row.
    set_based: ClassVar[bool] = True

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, rollback_file_on_error: bool = True, with_diff: bool = True, **kwargs):
        """``rollback_file_on_error=False`` when an enclosing transaction decides (folder imports):
        later files then still see this file's valid rows, so that errors do not cascade.
        ``with_diff=False`` when nobody shows the rows' cells before and after (the command)."""
        super().__init__(**kwargs)
        self.rollback_file_on_error = rollback_file_on_error
        self.with_diff = with_diff
        self._columns: list[Column] | None = None
        self._column_map: dict[str, str] | None = None
        self._not_validated_fields: frozenset[str] | None = None
        self._export_values: dict[str, dict] = {}
        self._rows_by_key: dict[tuple, list[int]] = {}
        self._lookup_keys: dict[int, tuple | None] = {}

    # --- columns ----------------------------------------------------------

    def get_import_id_fields(self):
        return list(self.key_columns)

    def get_import_order(self):
        return tuple(self._meta.fields)

    def get_export_order(self):
        return tuple(self._meta.fields)

    @classmethod
    def column_names(cls) -> list[str]:
        return list(cls._meta.fields)

    def columns(self) -> list[Column]:
        if self._columns is None:
            self._columns = self.get_import_fields()
        return self._columns

    def _column_of(self) -> dict[str, str]:
        """Model attribute -> CSV column, for attributing validation errors."""
        if self._column_map is None:
            self._column_map = {}
            for column in self.columns():
                for attribute in column.model_attributes():
                    self._column_map[attribute] = column.column_name
        return self._column_map

    # --- import: the file ---------------------------------------------------

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        """Import ``dataset``; any error (or a dry run) rolls every row of it back.

        (Unless ``rollback_file_on_error`` is off: the caller's transaction then rolls back.)
        """
        run = kwargs.setdefault("import_run", uuid.uuid4())
        file_name = kwargs.get("file_name") or self.file_name
        with pghistory.context(import_run=str(run), import_file=file_name, user=_user_id(kwargs.get("user"))):
            return super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=True,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=self.rollback_file_on_error,
                **kwargs,
            )

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        problems = check_header(dataset.headers, self.column_names())
        if problems:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(CsvFileError(problem)))
            return result
        return self._import_rows(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def _import_rows(self, dataset, *, dry_run, raise_errors, **kwargs):
        """The import loop, set-based (issue 15).

        Not import_export's loop: it loads, validates and saves one row at a time, in a
        savepoint, with several queries per row (18-60 rows/s into a large database). Here
        each row is still cleaned and checked in Python by the same columns, widgets and
        hooks, but what touches the database is done once per file:

        1. the records the file's keys name, and their related rows, are read in one query each;
        2. each row is cleaned and validated (``full_clean`` without queries: uniqueness is
           checked for the whole file in one query per unique field, constraints are left
           to the database);
        3. the valid rows are written by a few set-based statements (``curation.copying``:
           new rows by ``COPY`` and one ``INSERT ... SELECT``, changed rows by one
           ``UPDATE ... FROM``, related rows likewise), under the import's history context;
        4. only if the database refuses that write, which names no row, are the rows written
           again one at a time, each in a savepoint, so that the refusal lands on its row.
        """
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        try:
            self.before_import(dataset, **kwargs)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        headers = list(dataset.headers or [])
        rows = [dict(zip(headers, values, strict=False)) for values in dataset]
        self._index_keys(rows)
        for column in self.columns():
            if hasattr(column.widget, "prepare"):
                column.widget.prepare([row.get(column.column_name) for row in rows])
        existing = self._existing_instances(rows)
        outcomes = []
        for number, row in enumerate(rows, 1):
            kwargs.update({"dry_run": dry_run, "using_transactions": True, "row_number": number})
            outcomes.append(self.import_row(row, existing, **kwargs))
            if not self.set_based:
                # Such a model's clean() may read what the save() of an earlier row wrote (a
                # state's names): each row is checked and written before the next is checked.
                self._check_unique(outcomes[-1:])
                self._write_row_by_row(self._settle([(number, row, outcomes[-1])]), **kwargs)
        if self.set_based:
            self._check_unique(outcomes)
            self._write(self._settle(list(zip(range(1, len(rows) + 1), rows, outcomes, strict=True))), **kwargs)
        for number, (row, row_result) in enumerate(zip(rows, outcomes, strict=True), 1):
            result.increment_row_result_total(row_result)
            if row_result.errors:
                result.append_error_row(number, row, row_result.errors)
            elif row_result.validation_error:
                result.append_invalid_row(number, row, row_result.validation_error)
            result.append_row_result(row_result)
        try:
            self.after_import(dataset, result, **kwargs)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        return result

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets id sequences here, for imports that supply ids; ours never do.
        # A file imported on its own is complete here: the rules across files are checked now
        # (a folder import checks them once all its files are in, see services).
        if not self.rollback_file_on_error or result.has_errors() or result.has_validation_errors():
            return
        rows = first_rows(dataset, self.key_columns[0])
        for resource_class, problem in run_import_checks({type(self): rows}):
            if problem.row is None or resource_class is None or not isinstance(self, resource_class):
                result.append_base_error(self.get_error_result_class()(CsvFileError(problem)))
            else:
                error = ValidationError({problem.column or NON_FIELD_ERRORS: [problem.message]})
                result.append_invalid_row(problem.row, dataset.dict[problem.row - 1], error)

    def _row_key(self, row) -> tuple | None:
        key = tuple(str(row.get(column) or "").strip() for column in self.key_columns)
        return key if any(key) else None

    def _index_keys(self, rows: list[dict]) -> None:
        self._rows_by_key = {}
        for number, row in enumerate(rows, 1):
            key = self._row_key(row)
            if key is not None:
                self._rows_by_key.setdefault(key, []).append(number)

    # --- import: the records the file names, read once -----------------------

    def _key_attributes(self) -> list[str]:
        """The model attributes (``slug``, ``claim_id``) holding the key columns' values."""
        model = self._meta.model
        return [model._meta.get_field(self.fields[column].attribute).attname for column in self.key_columns]

    def _lookup_key(self, row) -> tuple | None:
        """The row's key as the database holds it (related records by id); None when a key cell is invalid."""
        values = []
        for column in self.key_columns:
            try:
                value = self.fields[column].clean(row)
            except (ValueError, KeyError):
                return None
            if value is None:
                return None
            values.append(value.pk if isinstance(value, Model) else value)
        return tuple(values)

    def _existing_instances(self, rows: list[dict]) -> dict[tuple, Model]:
        """``{key: record}`` of the records the file's keys name: one query, and one per related column."""
        # Each row's key as looked up, kept for _instance_for (by the row's identity: rows are not copied).
        self._lookup_keys = {id(row): self._lookup_key(row) for row in rows}
        keys = {key for key in self._lookup_keys.values() if key is not None}
        if not keys:
            return {}
        attributes = self._key_attributes()
        first = {key[0] for key in keys}
        found = {}
        for instance in self.get_queryset().filter(**{f"{attributes[0]}__in": first}):
            key = tuple(getattr(instance, attribute) for attribute in attributes)
            if key in keys:
                found[key] = instance
        for column in self.columns():
            if column.deferred:
                column.prefetch(list(found.values()))
        return found

    # --- import: one row (cleaned and checked; written with the others) ------

    def import_row(self, row, instance_loader, **kwargs):
        """Clean and check one row; ``instance_loader`` is ``{key: record}`` (``_existing_instances``).

        Nothing is written here: ``_write`` writes the valid rows together.
        """
        row_result = self.get_row_result_class()()
        row_result.csv_pending = None
        if not any(str(value or "").strip() for value in row.values()):
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            row_result.blank = True
            row_result.diff = [""] * len(self.columns())
            return row_result
        try:
            self.before_import_row(row, **kwargs)
            instance, new = self._instance_for(row, instance_loader)
            row_result.import_type = RowResult.IMPORT_TYPE_NEW if new else RowResult.IMPORT_TYPE_UPDATE
            diff = self.get_diff_class()(self, instance, new) if self.with_diff else None
            before = None if new else self._comparables(instance)
            errors = {}
            try:
                self.import_instance(instance, row, **kwargs)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            if not errors and before is not None and before == self._comparables(instance):
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
                row_result.add_instance_info(instance)
                if diff is not None:
                    diff.compare_with(self, instance)
                    row_result.diff = diff.as_html()
            else:
                row_result.csv_pending = _Pending(instance, new, self._validation_errors(instance, errors), diff)
        except ValidationError as error:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = error
        except Exception as error:
            row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            row_result.errors.append(self.get_error_result_class()(error, row=row, number=kwargs.get("row_number")))
        return row_result

    def _instance_for(self, row, existing: dict) -> tuple[Model, bool]:
        key = self._lookup_keys[id(row)] if id(row) in self._lookup_keys else self._lookup_key(row)
        instance = existing.get(key) if key is not None else None
        if instance is None:
            return self.init_instance(row), True
        if len(self._rows_by_key.get(self._row_key(row), ())) > 1:
            # Duplicate rows (both errors) must not share one record object.
            instance = deepcopy(instance)
        return instance, False

    def _comparables(self, instance) -> list:
        return [column.comparable(instance) for column in self.columns()]

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list] = {}
        old_status = None if instance._state.adding else getattr(instance, "status", None)
        for column in self.columns():
            try:
                if column.deferred:
                    column.stage(instance, row, **kwargs)
                else:
                    column.save(instance, row, **kwargs)
            except ValueError as error:
                errors[column.attribute] = [ValidationError(str(error), code="invalid")]
        number = kwargs.get("row_number")
        others = [n for n in self._rows_by_key.get(self._row_key(row), []) if n != number]
        if others:
            what = " and ".join(self.key_columns)
            rows = ", ".join(str(n) for n in others)
            if len(others) == 1:
                message = f"duplicate {what}: row {rows} has the same {what}"
            else:
                message = f"duplicate {what}: rows {rows} have the same {what}"
            key_attribute = self.fields[self.key_columns[0]].attribute
            errors.setdefault(key_attribute, []).append(ValidationError(message, code="duplicate"))
        self._check_status_permission(instance, old_status, errors, kwargs.get("user"))
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def _check_status_permission(self, instance, old_status, errors, user) -> None:
        """An importing user needs the same permission to publish or retract as in the admin.

        (An import without a user, by import_fixtures without --user, is the operator's.)
        """
        model = type(instance)
        if _user_id(user) is None or not has_workflow(model) or "status" in errors:
            return
        try:
            check_status_change(user, model, old_status, instance.status)
        except PermissionDenied as denied:
            errors["status"] = [ValidationError(str(denied), code="permission")]

    def check_row(self, instance, row, errors: dict[str, list]) -> None:
        """Hook: checks across columns, and normalisation before comparison. Add to ``errors``."""

    def _validation_errors(self, instance, import_validation_errors) -> dict:
        """The row's errors by model attribute: the columns', then model validation's (no query)."""
        errors = dict(import_validation_errors or {})
        exclude = set(self._not_validated(type(instance)))
        for column in self.columns():
            if column.attribute in errors:
                exclude.update(column.model_attributes())
        try:
            # Uniqueness is checked for the whole file at once (_check_unique). Database
            # constraints are left to the database (a refusal becomes a row error in _write):
            # Django validates each with a query and a savepoint, and what they check is
            # either done by the widgets and the models' clean() or cannot be seen before writing.
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        return errors

    def _not_validated(self, model) -> frozenset[str]:
        """Fields ``full_clean`` leaves alone on every row, as checking them would cost a query each."""
        if self._not_validated_fields is None:
            # The fields no file sets (created_by, updated_by: a query per row each, on every changed record).
            names = {field.name for field in model._meta.fields if not field.editable}
            for column in self.columns():
                # Related records were just looked up by the widgets: no query per row to re-check them.
                if column.deferred or isinstance(column, ForeignKeyColumn):
                    names.update(column.model_attributes())
            self._not_validated_fields = frozenset(names)
        return self._not_validated_fields

    def _check_unique(self, outcomes: list) -> None:
        """What ``validate_unique`` checks row by row, for the whole file: one query per unique field.

        A value is taken when another record holds it, or an earlier valid row of the file.
        The key, by which the rows were found, needs no check: a row whose key a record holds
        is that record, and two rows with one key are duplicates already.
        """
        model = self._meta.model
        single_key = self.fields[self.key_columns[0]].attribute if len(self.key_columns) == 1 else None
        checked = [r.csv_pending for r in outcomes if r.csv_pending is not None]
        for field in model._meta.concrete_fields:
            if not field.unique or field.name == single_key or (field.primary_key and field.auto_created):
                continue
            candidates = [
                (pending, value)
                for pending in checked
                if field.name not in pending.errors and (value := getattr(pending.instance, field.attname)) is not None
            ]
            if not candidates:
                continue
            values = {value for _, value in candidates}
            holders = dict(
                model._base_manager.filter(**{f"{field.attname}__in": values}).values_list(field.attname, "pk")
            )
            seen = set()
            for pending, value in candidates:
                holder = holders.get(value)
                instance = pending.instance
                if value in seen or (holder is not None and (instance._state.adding or holder != instance.pk)):
                    pending.errors[field.name] = [instance.unique_error_message(model, (field.name,))]
                elif not pending.errors:
                    seen.add(value)

    def _settle(self, outcomes: list[tuple[int, dict, Any]]) -> list[tuple[int, dict, Any]]:
        """Mark the rows with errors invalid; of ``(number, row, result)``, those to write."""
        written = []
        for number, row, row_result in outcomes:
            pending = row_result.csv_pending
            if pending is None:
                continue
            if pending.errors:
                row_result.import_type = RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = ValidationError(self._by_column(pending.errors))
                row_result.csv_pending = None
                continue
            if pending.diff is not None:
                pending.diff.compare_with(self, pending.instance)
                row_result.diff = pending.diff.as_html()
            written.append((number, row, row_result))
        return written

    def _by_column(self, errors: dict) -> dict[str, list]:
        column_of = self._column_of()
        by_column: dict[str, list] = {}
        for attribute, messages in errors.items():
            column = column_of.get(attribute, NON_FIELD_ERRORS)
            for message in messages if isinstance(messages, list) else [messages]:
                by_column.setdefault(column, []).extend(self._friendly(message))
        return by_column

    def _friendly(self, error) -> list:
        """Constraint violations found by full_clean, with the resource's messages."""
        if not isinstance(error, ValidationError):
            return [error]
        if hasattr(error, "error_list") and len(error.error_list) > 1:
            return [m for e in error.error_list for m in self._friendly(e)]
        text = " ".join(error.messages)
        for name, friendly in self.constraint_messages.items():
            # Django's violation message is 'Constraint “<name>” is violated.'
            if f"“{name}”" in text:
                return [ValidationError(friendly, code="constraint")]
        return [error]

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if _user_id(user) is not None:
            if instance._state.adding:
                instance.created_by = user
            instance.updated_by = user

    # --- import: the writes -------------------------------------------------

    def _write(self, written: list[tuple[int, dict, Any]], **kwargs) -> None:
        """Write the valid rows: set-based, or (on a refusal, or ``set_based = False``) one at a time."""
        if not written:
            return
        for _, row, row_result in written:
            self.before_save_instance(row_result.csv_pending.instance, row, **kwargs)
        user = kwargs.get("user") if _user_id(kwargs.get("user")) is not None else None
        if self.set_based:
            try:
                with transaction.atomic():
                    self._write_set_based(written, user=user)
            except DatabaseError:
                # The refusal names no row: undo the batch's ids and find the row by writing each alone.
                for _, _, row_result in written:
                    pending = row_result.csv_pending
                    if pending.new:
                        pending.instance._state.adding = True
                        if self._meta.model._meta.pk.auto_created:
                            pending.instance.pk = None
            else:
                for _, _, row_result in written:
                    row_result.add_instance_info(row_result.csv_pending.instance)
                return
        self._write_row_by_row(written, **kwargs)

    def _write_row_by_row(self, written, **kwargs) -> None:
        """Each row in a savepoint: a refused row becomes a row error and the others go on."""
        for number, row, row_result in written:
            instance = row_result.csv_pending.instance
            self.before_save_instance(instance, row, **kwargs)
            try:
                with transaction.atomic():
                    self.do_instance_save(instance, row_result.csv_pending.new)
                    self.save_m2m(instance, row, **{**kwargs, "row_number": number})
            except ValidationError as error:
                row_result.import_type = RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = error
                row_result.diff = None
            except Exception as error:
                row_result.import_type = RowResult.IMPORT_TYPE_ERROR
                row_result.errors.append(self.get_error_result_class()(error, row=row, number=number))
                row_result.diff = None
            else:
                row_result.add_instance_info(instance)

    def _write_set_based(self, written, *, user) -> None:
        model = self._meta.model
        now = timezone.now()
        fields = insert_columns(model)
        pk = model._meta.pk
        created = [r.csv_pending.instance for _, _, r in written if r.csv_pending.new]
        changed = [r.csv_pending.instance for _, _, r in written if not r.csv_pending.new]
        if created:
            given = [f.attname for f in fields if not _stamped(f)]
            values = [{name: getattr(i, name) for name in given} for i in created]
            columns, rows = model_rows(model, values, now=now)
            attributes = self._key_attributes()
            key_columns = [model._meta.get_field(a).column for a in attributes]
            ids = {
                tuple(back[1:]): back[0]
                for back in staged_insert(model, columns, rows, returning=[pk.column, *key_columns])
            }
            for instance in created:
                instance.pk = ids[tuple(getattr(instance, a) for a in attributes)]
                instance._state.adding = False
                for column in self.columns():
                    if column.deferred:
                        setattr(instance, column.current_attribute, [])
        if changed:
            names = [f.attname for f in fields]
            touched = {f.attname: now for f in fields if getattr(f, "auto_now", False)}
            values = [{**{name: getattr(i, name) for name in names}, **touched} for i in changed]
            columns, rows = model_rows(model, values, now=now)
            staged_update(model, [pk.column], columns, [(i.pk, *row) for i, row in zip(changed, rows, strict=True)])
        self.save_related([(number, row, r.csv_pending.instance) for number, row, r in written], user=user)

    def save_related(self, written: list[tuple[int, dict, Model]], *, user=None) -> None:
        """Write the deferred columns (related rows) of the written records, each column set-based."""
        instances = [instance for _, _, instance in written]
        for column in self.columns():
            if column.deferred:
                column.write_many(instances, user=user)

    # A refused write (on the row-by-row path) marks the row's savepoint for rollback; the
    # row becomes invalid and the import goes on with the next row.

    def do_instance_save(self, instance, is_create):
        try:
            instance.save(force_insert=is_create)
        except IntegrityError as error:
            raise ValidationError(database_message(error, self.constraint_messages)) from error

    def save_m2m(self, instance, row, **kwargs):
        user = kwargs.get("user") if _user_id(kwargs.get("user")) is not None else None
        for column in self.columns():
            if column.deferred:
                try:
                    column.write(instance, user=user)
                except IntegrityError as error:
                    message = database_message(error, self.constraint_messages)
                    raise ValidationError({column.column_name: [message]}) from error

    # --- export -------------------------------------------------------------

    def get_export_queryset(self):
        """Every record, ordered by key, with the related records each row shows."""
        return self.filter_export(self.get_queryset().order_by(*self.export_ordering))

    def filter_export(self, queryset, **kwargs):
        related = [c.attribute for c in self.columns() if isinstance(c, ForeignKeyColumn)]
        if related:
            queryset = queryset.select_related(*related)
        self._export_values = {
            column.column_name: column.values_for(queryset)
            for column in self.columns()
            if isinstance(column, DeferredColumn)
        }
        return queryset

    def export_field(self, field, instance, **kwargs):
        if isinstance(field, DeferredColumn) and field.column_name in self._export_values:
            text = field.widget.render(self._export_values[field.column_name].get(instance.pk, []))
        else:
            text = super().export_field(field, instance, **kwargs)
        text = "" if text is None else str(text)
        return text if getattr(field.widget, "numeric", False) else escape_cell(text)
