"""Restoring a record, with its parts, to an earlier version, or after its deletion.

Each restore is one transaction in one pghistory context (``action: restore``),
so its writes (the record's row and each part row) are one change in the
record's history, described as "Restored version n".
"""

import pghistory
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from curation.constraints import ConstraintViolationError, refusal_text, violated_constraint
from curation.workflow.rules import check_status_change, has_workflow, permission_name

from .restoring import RestorePlan, deleted_plan, version_plan


def _require_restore_permission(user: AbstractBaseUser, model: type[models.Model]) -> None:
    permission = permission_name(model, "restore")
    if not user.has_perm(permission):
        raise PermissionDenied(f"Restoring needs the {permission} permission.")


@transaction.atomic
def version_restore(*, record: models.Model, version: int, user: AbstractBaseUser) -> models.Model:
    """Put ``record`` and its parts back as they were in its version ``version`` (1 is the first).

    Needs ``<app>.restore_<model>``; restoring a version with another status also
    needs the permission for that status change (publishing, retracting).
    Raises ValidationError, changing nothing, when the version no longer fits
    the data (a key since taken, a record it refers to since deleted, an
    overlapping tie...) or would change nothing.
    """
    model = type(record)
    _require_restore_permission(user, model)
    current = model._default_manager.select_for_update().get(pk=record.pk)
    plan = version_plan(current, version)
    if plan is None:
        raise ValidationError(f"“{current}” has no version {version} that can be restored.")
    if has_workflow(model):
        check_status_change(user, model, current.status, plan.status)
    if plan.problems:
        raise ValidationError(plan.problems)
    if plan.changes_nothing:
        raise ValidationError(f"“{current}” and its parts are already as they were in version {version}.")
    with pghistory.context(user=user.pk, action="restore", restored_version=version, restored_from=plan.version.pgh_id):
        for attname, value in plan.values.items():
            setattr(current, attname, value)
        current.updated_by = user
        current.full_clean()
        _write(plan, lambda: current.save())
        _restore_parts(plan, user)
    return current


@transaction.atomic
def deleted_record_restore(*, model: type[models.Model], pk, user: AbstractBaseUser) -> models.Model:
    """Bring back the deleted record ``pk`` of ``model`` as it was, with the parts deleted with it.

    The same permissions and refusals as ``version_restore``; putting it back
    with its status (published) needs the permission to set that status.
    """
    _require_restore_permission(user, model)
    plan = deleted_plan(model, pk)
    if plan is None:
        raise ValidationError(f"There is no deleted {model._meta.verbose_name} with the key “{pk}” to restore.")
    if has_workflow(model):
        check_status_change(user, model, None, plan.status)
    if plan.problems:
        raise ValidationError(plan.problems)
    version = plan.version
    with pghistory.context(
        user=user.pk,
        action="restore",
        restored_deleted=True,
        restored_version=plan.number,
        restored_from=version.pgh_id,
    ):
        record = plan.instance()
        record.created_at, record.created_by_id = version.created_at, version.created_by_id
        record.updated_by = user
        record.full_clean()
        _write(plan, lambda: _insert_as_it_was(record))
        _restore_parts(plan, user)
    return record


def _insert_as_it_was(row: models.Model) -> None:
    """Insert ``row`` with its own key and creation time (a raw save skips auto_now_add)."""
    if hasattr(row, "updated_at"):
        row.updated_at = timezone.now()
    row.save_base(raw=True, force_insert=True)


def _restore_parts(plan: RestorePlan, user: AbstractBaseUser) -> None:
    for part in plan.parts:  # removals first, so that a row coming back finds its place free
        manager = part.link.model._default_manager
        audited = hasattr(part.link.model, "updated_by_id")
        if part.action == "delete":
            _write(plan, lambda part=part, manager=manager: manager.filter(pk=part.pk).delete())
            continue
        if part.action == "update":
            row = manager.get(pk=part.pk)
            for attname, value in part.values.items():
                setattr(row, attname, value)
            setattr(row, part.link.record_column, plan.pk)
            if audited:
                row.updated_by = user
            _write(plan, lambda row=row: row.save())
            continue
        row = part.link.model(pk=part.pk, **part.values, **{part.link.record_column: plan.pk})
        if audited:
            row.updated_by = user
        _write(plan, lambda row=row: _insert_as_it_was(row))


def _write(plan: RestorePlan, write) -> None:
    """Run one write; a database refusal becomes a ValidationError naming the rule."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError as error:
        raise ConstraintViolationError(
            f"The database refused the restore: {refusal_text(error)}",
            constraint=violated_constraint(error),
            model=plan.model,
        ) from error
