"""The admin site: an index that shows editors their work, the review queue, and the
machinery's own tables (the raw change log, the login lockout's records) to superusers
only, under names that say what they are.

``admin.site`` is an instance of ``CuratedAdminSite`` (``curation.admin.apps``).
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import path

#: Tables of the machinery, by model label: superusers only, under these names.
SYSTEM_TABLES = {
    "pghistory.events": "Change log (every recorded change, raw)",
    "axes.accessattempt": "Login attempts (current lockouts)",
    "axes.accesslog": "Login log (successful logins)",
    "axes.accessfailurelog": "Failed logins",
    "django_tasks_database.dbtaskresult": "Background tasks (CSV imports and cleanups)",
}
#: The sections of the index those tables are in.
SYSTEM_SECTIONS = {
    "pghistory": "Change history (raw)",
    "axes": "Login security",
    "django_tasks_database": "Background tasks",
}


class SystemTableAdminMixin:
    """A machinery table's admin: superusers only, under its plain name."""

    plain_name = ""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if getattr(response, "context_data", None) is not None:  # pghistory's admin sets its own title
            response.context_data["title"] = self.plain_name
        return response


class LabelledAutocompleteView(AutocompleteJsonView):
    """Autocomplete results read as the record's admin wants them (a source with its reliability grade)."""

    def serialize_result(self, obj, to_field_name):
        label = getattr(self.model_admin, "autocomplete_label", str)
        return {"id": str(getattr(obj, to_field_name)), "text": label(obj)}


class CuratedAdminSite(admin.AdminSite):
    site_header = "axisdb editors"
    site_title = "axisdb"
    index_title = "Curate states, events, relationships, claims and sources"
    index_template = "admin/curation/index.html"
    # The left-hand model list repeats the index and takes 300 px that lists need.
    enable_nav_sidebar = False

    def adopt_system_tables(self) -> None:
        """Give the machinery's tables (registered by their apps) the superuser-only admin."""
        for model, model_admin in list(self._registry.items()):
            name = SYSTEM_TABLES.get(model._meta.label_lower)
            if name is None or isinstance(model_admin, SystemTableAdminMixin):
                continue
            admin_class = type(
                f"System{type(model_admin).__name__}",
                (SystemTableAdminMixin, type(model_admin)),
                {"plain_name": name},
            )
            self.unregister(model)
            self.register(model, admin_class)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        # The curated records first, the machinery's own tables last.
        app_list.sort(key=lambda app: app["app_label"] in SYSTEM_SECTIONS)
        for app in app_list:
            app["name"] = SYSTEM_SECTIONS.get(app["app_label"], app["name"])
            for entry in app["models"]:
                entry["name"] = SYSTEM_TABLES.get(entry["model"]._meta.label_lower, entry["name"])
        return app_list

    def get_urls(self):
        from .review import review_queue_view

        # Some apps register their admin when they are ready, after this one: adopt them now.
        self.adopt_system_tables()

        return [
            path("review/", self.admin_view(review_queue_view(self)), name="review_queue"),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        return LabelledAutocompleteView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        from .review import review_queue_size

        return super().index(request, {"review_queue_size": review_queue_size(self, request), **(extra_context or {})})
