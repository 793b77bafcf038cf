"""Behaviour shared by every curated model's admin."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from curation.history.admin import HistoryAdminMixin
from curation.numbers import StrictDecimalField, StrictIntegerField
from curation.registry import registry
from curation.workflow.admin import WorkflowAdminMixin
from curation.workflow.deletion import DeleteProtectionAdminMixin

from .constraints import ConstraintErrorsMixin
from .counting import EstimatingPaginator
from .forms import CuratedFormsMixin
from .list_parameters import ListParametersMixin


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


class CuratedAdmin(
    CuratedFormsMixin,
    ConstraintErrorsMixin,
    ListParametersMixin,
    HistoryAdminMixin,
    WorkflowAdminMixin,
    DeleteProtectionAdminMixin,
    admin.ModelAdmin,
):
    """Records who created and who last changed a record, including inline rows.

    Every curated admin also gets:

    - forms as editors write (``CuratedFormsMixin``: checkboxes for lists of
      choices, ``;``-separated lists, numbers as written, keys that fill
      themselves in, a save that returns to the page that opened the form);
    - every database constraint as a form error (``ConstraintErrorsMixin``);
    - lists that say what was wrong with a filter instead of failing
      (``ListParametersMixin``);
    - the record's history page with restore, and its deleted records
      (``HistoryAdminMixin``);
    - the draft/published workflow (``WorkflowAdminMixin``);
    - deletion refused with a reason while other records refer to it
      (``DeleteProtectionAdminMixin``);
    - what other apps contribute to it (``curation.registry``: inlines, list columns).

    Counts shown in a list are fetched for the page only (``prepare_page``), never
    by aggregating the whole table.
    """

    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    list_per_page = 50
    # Big lists show the planner's estimate ("about 300,000"), and never a second, unfiltered count.
    paginator = EstimatingPaginator
    show_full_result_count = False
    change_form_template = "admin/curation/change_form.html"

    class Media:
        css = {"all": ["curation/admin.css"]}
        js = ["curation/keys.js"]

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # The list page adds a "Deleted" button to the buttons of the page it extends
        # (Django's, or import-export's with Import and Export).
        self.base_change_list_template = self.change_list_template or "admin/change_list.html"
        self.change_list_template = "admin/curation/change_list.html"

    def changelist_view(self, request, extra_context=None):
        context = {"base_change_list_template": self.base_change_list_template}
        if self.has_restore_permission(request):
            context["deleted_records_url"] = reverse(f"{self.admin_site.name}:{self._url_name('deleted')}")
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def get_changelist(self, request, **kwargs):
        return CuratedChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        # A search has already counted its matches, up to a few, or asked the planner (curation.admin.search).
        paginator.exact = getattr(request, "search_counts_exactly", None)
        paginator.known_estimate = getattr(request, "search_estimate", None)
        paginator.share = getattr(request, "hidden_share", 1.0)  # curation.admin.counting.hidden_share
        return paginator

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

    def action_checkbox(self, obj):
        # The HTML Django's own gives, written here: it renders a form widget through the template engine for
        # every row, a tenth of a 50-row list's time at 300,000 events (2026-12-01).
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

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
