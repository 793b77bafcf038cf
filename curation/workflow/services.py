"""Publishing and unpublishing curated records (events, relationships, sources, claims).

Each function checks the user's permission, changes one record in one
transaction and names the action in the history context, so the change is
attributable even outside a web request (shell, scripts).
"""

import pghistory
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction

from .rules import DRAFT, PUBLISHED, RETRACTED, can_retract, check_status_change, has_workflow


def _locked(record: models.Model) -> models.Model:
    if not has_workflow(type(record)):
        raise ValidationError(f"{record._meta.verbose_name_plural.capitalize()} have no editorial status.")
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


@transaction.atomic
def record_publish(*, record: models.Model, user: AbstractBaseUser) -> models.Model:
    """Publish a draft. Returns the record; a published one is returned unchanged.

    A retracted claim is not republished in one step: a reviewer returns it to
    draft first, which clears the retraction on the record (its history keeps it).
    """
    current = _locked(record)
    check_status_change(user, type(current), current.status, PUBLISHED)
    if current.status == PUBLISHED:
        return current
    if current.status == RETRACTED:
        raise ValidationError(f"“{current}” is retracted: return it to draft before publishing it again.")
    current.status = PUBLISHED
    current.updated_by = user
    with pghistory.context(user=user.pk, action="publish"):
        current.save(update_fields=["status", "updated_by", "updated_at"])
    return current


@transaction.atomic
def record_unpublish(*, record: models.Model, user: AbstractBaseUser) -> models.Model:
    """Return a published (or retracted) record to draft, hiding it from the API."""
    current = _locked(record)
    check_status_change(user, type(current), current.status, DRAFT)
    if current.status == DRAFT:
        return current
    fields = ["status", "updated_by", "updated_at"]
    current.status = DRAFT
    if can_retract(type(current)):
        current.retraction_reason = ""
        fields.append("retraction_reason")
    current.updated_by = user
    with pghistory.context(user=user.pk, action="return to draft"):
        current.save(update_fields=fields)
    return current
