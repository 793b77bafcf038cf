"""The editorial workflow in the admin: who may set a status, and the bulk actions.

Editors (no publish permission) see the status read-only: a new record is a
draft, and a published record stays published when they edit it. Reviewers
choose the status in the form and get the actions "Publish selected",
"Return selected to draft" and, on claims, "Retract selected (with reason)".
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse

from .rules import allowed_statuses, can_retract, check_status_change, has_workflow, permission_name
from .services import record_publish, record_unpublish


def _apply(modeladmin, request, queryset, change: Callable, verb: str) -> None:
    """Run ``change(record)`` on each selected record in one transaction, and report.

    A record the service refuses with a reason (ValidationError) is left as it
    is and the reason shown; any other error undoes the whole action.
    """
    changed, unchanged, refused = 0, 0, []
    with transaction.atomic():
        for record in queryset.order_by("pk"):
            before = record.status
            try:
                after = change(record)
            except ValidationError as error:
                refused.append(" ".join(error.messages))
                continue
            if after.status == before:
                unchanged += 1
            else:
                changed += 1
    if changed:
        modeladmin.message_user(
            request, f"{changed} {model_ngettext(modeladmin.opts, changed)} {verb}.", messages.SUCCESS
        )
    if unchanged:
        modeladmin.message_user(
            request, f"{unchanged} {model_ngettext(modeladmin.opts, unchanged)} already {verb}.", messages.INFO
        )
    for reason in refused:
        modeladmin.message_user(request, reason, messages.WARNING)


def publish_selected(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, lambda r: record_publish(record=r, user=request.user), "published")


publish_selected.allowed_permissions = ("publish",)
publish_selected.short_description = "Publish selected %(verbose_name_plural)s"


def unpublish_selected(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, lambda r: record_unpublish(record=r, user=request.user), "returned to draft")


unpublish_selected.allowed_permissions = ("publish",)
unpublish_selected.short_description = "Return selected %(verbose_name_plural)s to draft"


class RetractionForm(forms.Form):
    retraction_reason = forms.CharField(
        label="Why are they retracted?",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Recorded on each claim and in its history. Required.",
    )


def retract_selected(modeladmin, request, queryset):
    """Ask for the reason, then retract each selected record with it."""
    form = RetractionForm(request.POST if request.POST.get("post") else None)
    if form.is_valid():
        reason = form.cleaned_data["retraction_reason"]
        _apply(
            modeladmin,
            request,
            queryset,
            lambda r: modeladmin.retract_service(
                **{modeladmin.opts.model_name: r, "reason": reason}, user=request.user
            ),
            "retracted",
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Retract {model_ngettext(queryset)}",
        "subtitle": None,
        "objects_name": str(model_ngettext(queryset)),
        "queryset": queryset,
        "form": form,
        "opts": modeladmin.opts,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/curation/retract_confirmation.html", context)


retract_selected.allowed_permissions = ("retract",)
retract_selected.short_description = "Retract selected %(verbose_name_plural)s (with reason)"


class WorkflowAdminMixin:
    """Status rules and actions for admins of models with an editorial ``status``.

    ``retract_service`` (set on the claims' admin) is the service that retracts
    one record: ``retract_service(<model_name>=record, reason=..., user=...)``.
    """

    retract_service: Callable | None = None

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(permission_name(self.model, "publish"))

    def has_retract_permission(self, request) -> bool:
        return self.retract_service is not None and request.user.has_perm(permission_name(self.model, "retract"))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if has_workflow(self.model):
            if not self.has_publish_permission(request) and not self.has_retract_permission(request):
                readonly.append("status")
            if can_retract(self.model) and not request.user.has_perm(permission_name(self.model, "retract")):
                readonly.append("retraction_reason")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        status = form.base_fields.get("status")
        if status is not None and has_workflow(self.model):
            # Offer the statuses the user may set, and the record's own.
            allowed = {"draft", *allowed_statuses(request.user, self.model), *([obj.status] if obj else [])}
            status.choices = [choice for choice in status.choices if choice[0] in allowed]
        return form

    def save_model(self, request, obj, form, change):
        if has_workflow(self.model) and "status" in form.changed_data:
            old = form.initial.get("status") if change else None
            check_status_change(request.user, self.model, old, obj.status)
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not has_workflow(self.model) or self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        workflow = [publish_selected, unpublish_selected]
        if can_retract(self.model):
            workflow.append(retract_selected)
        for func in workflow:
            if any(getattr(self, f"has_{p}_permission")(request) for p in func.allowed_permissions):
                actions[func.__name__] = (func, func.__name__, func.short_description)
        return actions
