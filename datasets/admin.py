"""The data sets in the admin: what the imports wrote, and the upload of a SIPRI register (a background job)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from curation.api.filters import ISO3_CODES
from curation.jobs.models import Job
from curation.jobs.services import JobRefusedError, job_confirm, job_start, job_status, job_token

from .jobs import SipriRegisterUpload
from .models import ImportedRecord


class SipriUploadForm(forms.Form):
    register = forms.FileField(help_text="The trade register CSV exactly as SIPRI exports it (cp1252).")
    states = forms.CharField(
        required=False,
        help_text="Keep only the deals touching these states: ISO3 codes separated by commas (CHN,IRN,PRK,RUS). "
        "Empty: all.",
    )
    add_states = forms.BooleanField(
        required=False, help_text="Create the states the register names that are missing, and add its names as aliases."
    )

    def clean_states(self):
        codes = [code.strip() for code in self.cleaned_data["states"].split(",") if code.strip()]
        bad = [code for code in codes if code not in ISO3_CODES]
        if bad:
            raise forms.ValidationError(f"Not ISO3 codes: {', '.join(bad)}.")
        return codes


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    list_display = ("slug", "model", "dataset", "line", "imported_at")
    list_filter = ("dataset", "model")
    search_fields = ("slug", "record_key")
    change_list_template = "admin/datasets/importedrecord_changelist.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="datasets_sipri_upload"),
            path("upload/<uuid:job_id>/", view(self.job_view), name="datasets_sipri_job"),
            path("upload/<uuid:job_id>/status/", view(self.job_status_view), name="datasets_sipri_job_status"),
            path("upload/confirm/", view(self.confirm_view), name="datasets_sipri_confirm"),
            *super().get_urls(),
        ]

    def _may_import(self, request) -> bool:
        return request.user.has_perms(["events.import_event", "sources.import_claim"])

    def upload_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        form = SipriUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["register"]
            job = job_start(
                kind=SipriRegisterUpload,
                user=request.user,
                file_name=upload.name,
                data=b"".join(upload.chunks()),
                params={"states": form.cleaned_data["states"], "add_states": form.cleaned_data["add_states"]},
            )
            return HttpResponseRedirect(reverse("admin:datasets_sipri_job", args=[job.pk]))
        context = {**self.admin_site.each_context(request), "title": "Upload a SIPRI trade register", "form": form}
        return TemplateResponse(request, "admin/datasets/upload.html", context)

    def _job(self, request, job_id) -> Job:
        if not self._may_import(request):
            raise PermissionDenied
        job = Job.objects.filter(pk=job_id, user=request.user, kind=SipriRegisterUpload.path()).first()
        if job is None:
            raise Http404("No such upload: it has expired, or it is not yours.")
        return job

    def job_view(self, request, job_id):
        job = self._job(request, job_id)
        status = job_status(job)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import of {job.file_name}",
            "job": job,
            "status": status,
            "status_url": reverse("admin:datasets_sipri_job_status", args=[job.pk]),
            "result": job.result or {},
            "token": job_token(job) if job.can_confirm and not status["expired"] else None,
        }
        return TemplateResponse(request, "admin/datasets/job.html", context)

    def job_status_view(self, request, job_id):
        return JsonResponse(job_status(self._job(request, job_id)))

    @method_decorator(require_POST)
    def confirm_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        try:
            job = job_confirm(token=request.POST.get("token", ""), user=request.user, kind=SipriRegisterUpload)
        except JobRefusedError as refused:
            return HttpResponseBadRequest(str(refused), content_type="text/plain; charset=utf-8")
        return HttpResponseRedirect(reverse("admin:datasets_sipri_job", args=[job.pk]))
