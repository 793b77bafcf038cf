"""Behaviour shared by every curated model's admin."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Count, QuerySet

from curation.history.admin import HistoryAdminMixin
from curation.numbers import StrictDecimalField, StrictIntegerField
from curation.registry import registry
from curation.workflow.admin import WorkflowAdminMixin
from curation.workflow.deletion import DeleteProtectionAdminMixin


def count_per_record(rows: QuerySet, field: str, records: list, aggregate=None) -> dict:
    """``{pk: count}`` of ``rows`` grouped by their foreign key ``field``, for ``records`` only, in one query.

    For list columns: a page's counts, never an aggregate over the whole table.
    """
    pks = [record.pk for record in records]
    if not pks:
        return {}
    grouped = rows.filter(**{f"{field}__in": pks}).order_by().values(field)
    return dict(grouped.annotate(n=aggregate or Count("pk")).values_list(field, "n"))


class CuratedChangeList(ChangeList):
    """A changelist whose page of records is prepared once, before its columns are shown."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        self.model_admin.prepare_page(self.result_list)


class CuratedAdmin(HistoryAdminMixin, WorkflowAdminMixin, DeleteProtectionAdminMixin, admin.ModelAdmin):
    """Records who created and who last changed a record, including inline rows.

    Every curated admin also gets the record's history page with restore
    (HistoryAdminMixin), the draft/published workflow (WorkflowAdminMixin),
    deletion refused with a reason while other records refer to it
    (DeleteProtectionAdminMixin), and what other apps contribute to it
    (``curation.registry``: inlines, list columns).

    Counts shown in a list are fetched for the page only (``prepare_page``), never
    by aggregating the whole table.
    """

    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return CuratedChangeList

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Numbers in ASCII digits only (curation.numbers): Django's fields read 1_000 and ١٢٣.
        if isinstance(db_field, models.DecimalField) and not db_field.choices:
            kwargs.setdefault("form_class", StrictDecimalField)
        elif isinstance(db_field, models.IntegerField) and not db_field.choices and not db_field.is_relation:
            kwargs.setdefault("form_class", StrictIntegerField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def prepare_page(self, records: list) -> None:
        """Fetch, in one query each, what the list's columns read of this page's ``records``."""
        for contribution in registry.admin_contributions(self.model):
            if contribution.prepare_page is not None:
                contribution.prepare_page(records)

    def get_inlines(self, request, obj):
        contributed = [inline for c in registry.admin_contributions(self.model) for inline in c.inlines]
        return [*super().get_inlines(request, obj), *contributed]

    def get_list_display(self, request):
        contributed = [column for c in registry.admin_contributions(self.model) for column in c.columns]
        own = list(super().get_list_display(request))
        # Contributed columns go before the status, which stays last.
        at = own.index("status") if "status" in own else len(own)
        return [*own[:at], *contributed, *own[at:]]

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
