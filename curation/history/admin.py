"""The history page of every curated record, restore with a preview, and deleted records.

- ``<pk>/history/``: every change of the record and of its parts, newest first,
  one entry per change, the record's versions numbered 1, 2, 3...
- ``<pk>/history/<n>/restore/``: what restoring version n would change, field by
  field (the record and its parts); confirming (a POST) restores it.
- ``deleted/``: the deleted records of the model, newest first;
  ``deleted/<pk>/restore/`` previews and restores one with its parts.

Restoring needs ``restore_<model>`` (reviewers).
"""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst

from curation.constraints import ConstraintViolationError
from curation.workflow.rules import check_status_change, has_workflow, permission_name

from .describe import describe, origin
from .models import event_model, part_links
from .queries import history_entries, history_events, last_published_version
from .restoring import deleted_plan, version_plan
from .services import deleted_record_restore, version_restore

HISTORY_PAGE_SIZE = 100
DELETED_PAGE_SIZE = 50


class HistoryAdminMixin:
    """Replaces Django's LogEntry history (admin only) with pghistory's (every change)."""

    object_history_template = "admin/curation/record_history.html"
    restore_preview_template = "admin/curation/restore_preview.html"
    deleted_records_template = "admin/curation/deleted_records.html"

    def get_urls(self):
        def view(method):
            return self.admin_site.admin_view(method)

        return [
            path("deleted/", view(self.deleted_records_view), name=self._url_name("deleted")),
            path("deleted/<path:object_id>/restore/", view(self.restore_deleted_view), name=self._url_name("undelete")),
            path(
                "<path:object_id>/history/published/restore/",
                view(self.restore_published_view),
                name=self._url_name("restore_published"),
            ),
            path(
                "<path:object_id>/history/<int:version>/restore/",
                view(self.restore_view),
                name=self._url_name("restore"),
            ),
            *super().get_urls(),
        ]

    def has_restore_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(permission_name(self.model, "restore"))

    # --- the history page ---------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        paginator = self.get_paginator(request, history_events(obj), HISTORY_PAGE_SIZE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context = {
            **self._context(request, f"History: {obj}"),
            "entries": history_entries(obj, page.object_list),
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "object": obj,
            "can_restore": self.has_restore_permission(request, obj),
            "restore_url_name": f"{self.admin_site.name}:{self._url_name('restore')}",
            "part_names": [link.name_plural for link in part_links(self.model)],
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    # --- restoring a version ---------------------------------------------------

    def restore_view(self, request, object_id, version):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_restore_permission(request, obj):
            raise PermissionDenied
        history_url = self._reverse("history", obj.pk)
        if request.method == "POST":
            try:
                restored = version_restore(record=obj, version=version, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"Nothing was restored. {self._reason(error)}", messages.ERROR)
                return HttpResponseRedirect(self._reverse("restore", obj.pk, version))
            self.message_user(
                request,
                f"“{restored}” was restored to version {version}{self._with_parts()}. "
                "The restore is one change in its history.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(history_url)
        plan = version_plan(obj, version)
        if plan is None:
            raise Http404(f"“{obj}” has no version {version} that can be restored.")
        context = {
            **self._context(request, f"Restore version {version} of “{obj}”?"),
            "object": obj,
            "plan": plan,
            "version_what": describe(plan.version.pgh_label, plan.made_in),
            "version_origin": origin(plan.made_in),
            "refusal": self._status_refusal(request, obj.status if has_workflow(self.model) else None, plan),
            "cancel_url": history_url,
            "confirm_label": f"Yes, restore version {version}",
        }
        return TemplateResponse(request, self.restore_preview_template, context)

    def restore_published_view(self, request, object_id):
        """The restore preview of the record's last published version (the review queue's "Return")."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_restore_permission(request, obj):
            raise PermissionDenied
        number = last_published_version(obj)
        if number is None:
            raise Http404(f"“{obj}” has never been published.")
        return HttpResponseRedirect(self._reverse("restore", obj.pk, number))

    # --- deleted records ----------------------------------------------------------

    def deleted_records_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        history = event_model(self.model).objects
        existing = self.model._default_manager.filter(pk=OuterRef("pgh_obj_id"))
        latest = (
            history.filter(pgh_label="delete")
            .filter(~Exists(existing))
            .order_by("pgh_obj_id", "-pgh_id")
            .distinct("pgh_obj_id")
        )
        rows = history.filter(pgh_id__in=latest.values("pgh_id")).select_related("pgh_context").order_by("-pgh_id")
        page = Paginator(rows, DELETED_PAGE_SIZE).get_page(request.GET.get(PAGE_VAR, 1))
        deleted = []
        users = _users({(row.pgh_context.metadata or {}).get("user") for row in page.object_list if row.pgh_context})
        for row in page.object_list:
            context = _context_of(row)
            deleted.append(
                {
                    "pk": row.pgh_obj_id,
                    "name": _name_of(self.model, row),
                    "deleted_at": row.pgh_created_at,
                    "user": users.get(context.get("user")),
                    "origin": origin(context),
                    "restore_url": self._reverse("undelete", row.pgh_obj_id),
                }
            )
        context = {
            **self._context(request, f"Deleted {self.opts.verbose_name_plural}"),
            "deleted": deleted,
            "page": page,
            "page_var": PAGE_VAR,
        }
        return TemplateResponse(request, self.deleted_records_template, context)

    def restore_deleted_view(self, request, object_id):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        pk = self.model._meta.pk.to_python(unquote(object_id))
        if request.method == "POST":
            try:
                restored = deleted_record_restore(model=self.model, pk=pk, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"Nothing was restored. {self._reason(error)}", messages.ERROR)
                return HttpResponseRedirect(self._reverse("undelete", pk))
            self.message_user(
                request,
                f"“{restored}” was restored{self._with_parts()}. The restore is one change in its history.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._reverse("change", restored.pk))
        plan = deleted_plan(self.model, pk)
        if plan is None:
            raise Http404(f"There is no deleted {self.opts.verbose_name} with the key “{pk}”.")
        name = _name_of(self.model, plan.version)
        context = {
            **self._context(request, f"Restore the deleted {self.opts.verbose_name} “{name}”?"),
            "object": None,
            "plan": plan,
            "version_what": describe("delete", plan.made_in),
            "version_origin": origin(plan.made_in),
            "refusal": self._status_refusal(request, None, plan),
            "cancel_url": self._reverse("deleted"),
            "confirm_label": "Yes, restore it",
        }
        return TemplateResponse(request, self.restore_preview_template, context)

    # --- helpers ----------------------------------------------------------------

    def _context(self, request, title: str) -> dict:
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
        }

    def _status_refusal(self, request, old_status, plan) -> str:
        """Why this user may not restore this version's status (publishing, retracting), or ""."""
        if not has_workflow(self.model):
            return ""
        try:
            check_status_change(request.user, self.model, old_status, plan.status)
        except PermissionDenied as error:
            return str(error)
        return ""

    def _reason(self, error) -> str:
        if isinstance(error, ConstraintViolationError):
            return self.constraint_message(error.constraint, error.model) or " ".join(error.messages)
        if isinstance(error, ValidationError):
            return " ".join(self.constraint_text(message) for message in error.messages)
        return str(error)

    def constraint_message(self, constraint: str | None, model=None) -> str:
        """Overridden by the admin base, which knows each constraint's message."""
        return ""

    def constraint_text(self, text: str) -> str:
        """Overridden by the admin base: Django's words for a violated constraint in the admin's."""
        return text

    def _with_parts(self) -> str:
        names = [link.name_plural for link in part_links(self.model)]
        return f", with its {' and '.join(names)}" if names else ""

    def _reverse(self, view: str, *args) -> str:
        return reverse(f"{self.admin_site.name}:{self._url_name(view)}", args=[quote(arg) for arg in args])

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"


def _context_of(row) -> dict:
    context = getattr(row, "pgh_context", None)
    return (context.metadata or {}) if context is not None else {}


def _users(ids) -> dict:
    from django.contrib.auth import get_user_model

    return get_user_model()._default_manager.in_bulk({i for i in ids if i is not None})


def _name_of(model, row) -> str:
    from .restoring import name_from_version

    return name_from_version(model, row)
