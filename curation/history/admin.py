"""The history page of every curated record, and its one-click restore."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from curation.workflow.rules import permission_name

from .queries import history_entries, history_events
from .services import version_restore

HISTORY_PAGE_SIZE = 100


class HistoryAdminMixin:
    """Replaces Django's LogEntry history (admin only) with pghistory's (every change).

    The change page's "History" button leads to ``<pk>/history/``: every
    version of the record and of its parts (participants, citations), who made
    it, when, from where, and what changed field by field. Users with
    ``restore_<model>`` get a "Restore this version" button on each earlier
    version of the record, which POSTs to ``<pk>/history/<version>/restore/``.
    """

    object_history_template = "admin/curation/record_history.html"

    def get_urls(self):
        restore = self.admin_site.admin_view(require_POST(self.restore_view))
        return [
            path("<path:object_id>/history/<int:version_id>/restore/", restore, name=self._url_name("restore")),
            *super().get_urls(),
        ]

    def has_restore_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(permission_name(self.model, "restore"))

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        paginator = self.get_paginator(request, history_events(obj), HISTORY_PAGE_SIZE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "entries": history_entries(obj, page.object_list),
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "can_restore": self.has_restore_permission(request, obj),
            "restore_url_name": f"{self.admin_site.name}:{self._url_name('restore')}",
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, version_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_restore_permission(request, obj):
            raise PermissionDenied
        try:
            restored = version_restore(record=obj, version_id=version_id, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, f"Could not restore “{obj}” to version {version_id}: {text}", messages.ERROR)
        else:
            self.message_user(
                request, f"“{restored}” was restored to version {version_id}. The restore is in its history."
            )
        url = reverse(f"{self.admin_site.name}:{self._url_name('history')}", args=[quote(obj.pk)])
        return HttpResponseRedirect(url)

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"
