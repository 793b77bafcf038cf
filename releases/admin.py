"""Releases in the admin: the list, and "Cut a release" (the add form), written by the background worker."""

from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from .models import Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ("version", "state", "snapshot_at", "size", "sha256", "created_by", "download")
    list_select_related = ("created_by",)
    fields = ("version",)
    readonly_fields = ("snapshot_at", "size", "sha256", "error")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("version",)
        return ("version", "snapshot_at", "size", "sha256", "error")

    def get_readonly_fields(self, request, obj=None):
        return ("version", "snapshot_at", "size", "sha256", "error") if obj else ()

    def has_change_permission(self, request, obj=None):
        return False  # a release is frozen

    def has_delete_permission(self, request, obj=None):
        return False  # any release can be downloaded again, for good

    @admin.display(description="download")
    def download(self, release):
        if not release.sha256:
            return release.error or "being cut by the background worker"
        url = reverse("api:release-download", kwargs={"version": release.version})
        return format_html('<a href="{}">{}</a>', url, release.file_name)

    def save_model(self, request, obj, form, change):
        """Number the release here; its zip is written by the background worker, never in this request."""
        from .tasks import release_build_task

        obj.created_by = request.user
        obj.save()
        api_url = request.build_absolute_uri(reverse("api:root"))
        transaction.on_commit(lambda: release_build_task.enqueue(obj.pk, api_url))

    def message_user(self, request, message, *args, **kwargs):
        if request.path.endswith("/add/"):
            message = "The release is being cut by the background worker; its zip appears in this list when written."
        super().message_user(request, message, *args, **kwargs)
