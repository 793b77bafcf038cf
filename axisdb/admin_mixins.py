"""Behaviour shared by every curated model's admin."""

from django.contrib import admin

from axisdb.history.admin import HistoryAdminMixin
from axisdb.workflow.admin import WorkflowAdminMixin
from axisdb.workflow.deletion import DeleteProtectionAdminMixin


class CuratedAdmin(HistoryAdminMixin, WorkflowAdminMixin, DeleteProtectionAdminMixin, admin.ModelAdmin):
    """Records who created and who last changed a record, including inline rows.

    Every curated admin also gets the record's history page with restore
    (HistoryAdminMixin), the draft/published workflow (WorkflowAdminMixin) and
    deletion refused with a reason while other records refer to it
    (DeleteProtectionAdminMixin).
    """

    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if inline_form.has_changed() and hasattr(instance, "updated_by_id"):
                if instance.pk is None:
                    instance.created_by = request.user
                instance.updated_by = request.user
        super().save_formset(request, form, formset, change)


AUDIT_FIELDSET = (
    "Record",
    {"fields": ("created_at", "created_by", "updated_at", "updated_by"), "classes": ("collapse",)},
)
