"""Multi-step writes on sources and claims."""

import pghistory
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from curation.workflow.rules import require_status_permission
from curation.workflow.status import EditorialStatus

from .models import Claim


@transaction.atomic
def claim_retract(*, claim: Claim, reason: str, user: AbstractBaseUser) -> Claim:
    """Retract a claim with the reason why; a claim is retracted, never deleted.

    Needs ``sources.retract_claim``. Retracting an already retracted claim
    replaces its reason.
    """
    require_status_permission(user, Claim, EditorialStatus.RETRACTED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"retraction_reason": "Say why the claim is retracted."})
    current = Claim.objects.select_for_update().get(pk=claim.pk)
    current.status = EditorialStatus.RETRACTED
    current.retraction_reason = reason
    current.updated_by = user
    with pghistory.context(user=user.pk, action="retract", reason=reason):
        current.save(update_fields=["status", "retraction_reason", "updated_by", "updated_at"])
    return current
