"""Which status changes a user may make.

The rule, for every model with a ``status`` field:

- anyone who may add or change the record works on drafts; a new record starts
  as a draft;
- setting ``published``, or taking a record back to ``draft``, needs
  ``<app>.publish_<model>`` (reviewers);
- setting ``retracted`` (claims) needs ``<app>.retract_<model>`` (reviewers).

So an editor may edit a published record's content (every change is in its
history and a reviewer can restore it) but can never change its status.
"""

from django.core.exceptions import PermissionDenied
from django.db import models

from curation.models import Publishable, Retractable

from .status import EditorialStatus

DRAFT = EditorialStatus.DRAFT
PUBLISHED = EditorialStatus.PUBLISHED
RETRACTED = EditorialStatus.RETRACTED


def has_workflow(model: type[models.Model]) -> bool:
    """True for models with an editorial ``status`` (``Publishable`` records)."""
    return issubclass(model, Publishable)


def can_retract(model: type[models.Model]) -> bool:
    """True for models whose records can be ``retracted`` with a reason (``Retractable`` records)."""
    return issubclass(model, Retractable)


def permission_name(model: type[models.Model], action: str) -> str:
    """``events.publish_event`` for (Event, "publish")."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def status_permission(model: type[models.Model], status: str) -> str:
    """The permission needed to put a record of ``model`` into ``status``."""
    return permission_name(model, "retract" if status == RETRACTED else "publish")


def allowed_statuses(user, model: type[models.Model]) -> list[str]:
    """The statuses ``user`` may set on records of ``model``, in the field's order."""
    choices = [value for value, _ in model._meta.get_field("status").choices]
    return [status for status in choices if user.has_perm(status_permission(model, status))]


def require_status_permission(user, model: type[models.Model], status: str) -> None:
    """Raise PermissionDenied unless ``user`` may put records of ``model`` into ``status``."""
    permission = status_permission(model, status)
    if not user.has_perm(permission):
        verb = {PUBLISHED: "publish", RETRACTED: "retract", DRAFT: "return to draft"}.get(status, f"set to {status}")
        raise PermissionDenied(
            f"You may not {verb} {model._meta.verbose_name_plural}: that needs the {permission} permission."
        )


def check_status_change(user, model: type[models.Model], old: str | None, new: str) -> None:
    """Raise PermissionDenied unless ``user`` may move a record from ``old`` to ``new``.

    ``old`` is None for a new record, which may start as a draft.
    """
    if old == new or (old is None and new == DRAFT):
        return
    require_status_permission(user, model, new)
