"""``FixtureResource``: the strict base of every model's import/export resource.

What it adds to django-import-export's ``ModelResource``:

- the header must hold exactly the resource's columns (any order); otherwise the
  file is refused before any row is read;
- every cell error is a row error keyed by the CSV column (never the model field),
  and model validation (``full_clean``, including database constraints) runs on
  every changed row; database refusals become row errors too;
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
from typing import ClassVar

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError
from django.utils.functional import classproperty
from import_export import resources
from import_export.results import RowResult

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

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, rollback_file_on_error: bool = True, **kwargs):
        """``rollback_file_on_error=False`` when an enclosing transaction decides (folder imports):
        later files then still see this file's valid rows, so that errors do not cascade."""
        super().__init__(**kwargs)
        self.rollback_file_on_error = rollback_file_on_error
        self._export_values: dict[str, dict] = {}
        self._rows_by_key: dict[tuple, list[int]] = {}

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
        return self.get_import_fields()

    def _column_of(self) -> dict[str, str]:
        """Model attribute -> CSV column, for attributing validation errors."""
        mapping = {}
        for column in self.columns():
            for attribute in column.model_attributes():
                mapping[attribute] = column.column_name
        return mapping

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
        self._index_keys(dataset)
        return super().import_data_inner(
            dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
        )

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

    def _index_keys(self, dataset) -> None:
        self._rows_by_key = {}
        for number, row in enumerate(dataset.dict, 1):
            key = self._row_key(row)
            if key is not None:
                self._rows_by_key.setdefault(key, []).append(number)

    # --- import: one row ----------------------------------------------------

    def import_row(self, row, instance_loader, **kwargs):
        if not any(str(value or "").strip() for value in row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            row_result.blank = True
            row_result.diff = [""] * len(self.columns())
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # The key itself is invalid; import_instance reports it against its column.
            return None

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

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original._state.adding:
            return False
        return all(column.comparable(instance) == column.comparable(original) for column in self.columns())

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        for column in self.columns():
            # Related records were just looked up by the widgets: no query per row to re-check them.
            if column.deferred or isinstance(column, ForeignKeyColumn) or column.attribute in errors:
                exclude.update(column.model_attributes())
        try:
            # Database constraints are left to the database (a refusal becomes a row error
            # in do_instance_save): Django validates each with a query and a savepoint,
            # which tripled the queries of an import, and what they check is either done
            # by the widgets and the models' clean() or cannot be seen before writing.
            instance.full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(self._by_column(errors))

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

    # A refused write marks the row's savepoint (import_export opens one per row) for
    # rollback; the row becomes invalid and the import goes on with the next row.

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
