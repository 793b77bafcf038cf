"""Restoring a record to an earlier version."""

import pghistory
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from curation.workflow.rules import check_status_change, has_workflow, permission_name

from .models import event_model, restorable_fields


@transaction.atomic
def version_restore(*, record: models.Model, version_id: int, user: AbstractBaseUser) -> models.Model:
    """Put ``record``'s content back as it was in version ``version_id`` (a pgh_id of its event table).

    Needs ``<app>.restore_<model>``; restoring a version with another status also
    needs the permission for that status change (publishing, retracting). The
    restore is an ordinary update, so the history trigger records it, with
    ``restored_from`` (the version id) in its context. Parts of the record
    (participants, citations) are not touched: each has its own history.
    Raises ValidationError when the old version no longer fits the data (a key
    since taken by another record, an overlapping tie...).
    """
    model = type(record)
    permission = permission_name(model, "restore")
    if not user.has_perm(permission):
        raise PermissionDenied(f"Restoring needs the {permission} permission.")
    version = event_model(model).objects.filter(pgh_id=version_id, pgh_obj_id=record.pk).first()
    if version is None:
        raise ValidationError(f"Version {version_id} is not a version of “{record}”.")
    current = model._default_manager.select_for_update().get(pk=record.pk)
    if has_workflow(model):
        check_status_change(user, model, current.status, version.status)
    for field in restorable_fields(model):
        setattr(current, field.attname, getattr(version, field.attname))
    current.updated_by = user
    current.full_clean()
    with pghistory.context(user=user.pk, action="restore", restored_from=version_id):
        current.save()
    return current
