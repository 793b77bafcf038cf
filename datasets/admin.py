"""The data sets in the admin: what the imports wrote, and the uploads of a SIPRI register and of ATOP's
two files (background jobs: a preview, then the import on confirmation)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from curation.api.filters import ISO3_CODES
from curation.jobs.kinds import JobKind
from curation.jobs.models import Job
from curation.jobs.services import JobRefusedError, job_confirm, job_start, job_status, job_token

from .jobs import AtopUpload, SipriRegisterUpload, atop_upload_pack
from .models import ImportedRecord


class DatasetUploadForm(forms.Form):
    """The choices both uploads share: ``--states`` and ``--add-states``."""

    states = forms.CharField(
        required=False,
        help_text="Keep only the records touching these states: ISO3 codes separated by commas (CHN,IRN,PRK,RUS). "
        "Empty: all.",
    )
    add_states = forms.BooleanField(
        required=False, help_text="Create the states the files name that are missing, and add their names as aliases."
    )

    def clean_states(self):
        codes = [code.strip() for code in self.cleaned_data["states"].split(",") if code.strip()]
        bad = [code for code in codes if code not in ISO3_CODES]
        if bad:
            raise forms.ValidationError(f"Not ISO3 codes: {', '.join(bad)}.")
        return codes

    def options(self) -> dict:
        return {"states": self.cleaned_data["states"], "add_states": self.cleaned_data["add_states"]}


class SipriUploadForm(DatasetUploadForm):
    register = forms.FileField(help_text="The trade register CSV exactly as SIPRI exports it (cp1252).")
    field_order = ["register", "states", "add_states"]

    def job_upload(self) -> tuple[str, bytes, dict]:
        upload = self.cleaned_data["register"]
        return upload.name, b"".join(upload.chunks()), self.options()


class AtopUploadForm(DatasetUploadForm):
    alliances = forms.FileField(help_text="ATOP's alliance-level CSV (atop-4.01-alliance-level.csv), as published.")
    members = forms.FileField(help_text="ATOP's member-level CSV (atop-4.01-member-level.csv), as published.")
    field_order = ["alliances", "members", "states", "add_states"]

    def job_upload(self) -> tuple[str, bytes, dict]:
        alliances, members = self.cleaned_data["alliances"], self.cleaned_data["members"]
        data, where = atop_upload_pack(b"".join(alliances.chunks()), b"".join(members.chunks()))
        params = {**self.options(), **where, "file_names": [alliances.name, members.name]}
        return f"{alliances.name}, {members.name}", data, params


@dataclass(frozen=True)
class Upload:
    """One kind of data set upload: its job kind, its form and its pages' names (``admin:datasets_<name>_*``)."""

    name: str
    kind: type[JobKind]
    form: type[DatasetUploadForm]
    title: str

    def url(self, view: str, *args) -> str:
        return reverse(f"admin:datasets_{self.name}_{view}", args=args)


UPLOADS = {
    upload.name: upload
    for upload in (
        Upload("sipri", SipriRegisterUpload, SipriUploadForm, "Upload a SIPRI trade register"),
        Upload("atop", AtopUpload, AtopUploadForm, "Upload ATOP alliance data (alliance-level and member-level files)"),
    )
}


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
        urls = []
        for name, upload in UPLOADS.items():
            prefix = "upload/" if name == "sipri" else f"upload-{name}/"
            urls += [
                path(prefix, view(partial(self.upload_view, upload=upload)), name=f"datasets_{name}_upload"),
                path(
                    f"{prefix}<uuid:job_id>/", view(partial(self.job_view, upload=upload)), name=f"datasets_{name}_job"
                ),
                path(
                    f"{prefix}<uuid:job_id>/status/",
                    view(partial(self.job_status_view, upload=upload)),
                    name=f"datasets_{name}_job_status",
                ),
                path(
                    f"{prefix}confirm/",
                    view(require_POST(partial(self.confirm_view, upload=upload))),
                    name=f"datasets_{name}_confirm",
                ),
            ]
        return [*urls, *super().get_urls()]

    def _may_import(self, request) -> bool:
        return request.user.has_perms(["events.import_event", "sources.import_claim"])

    def upload_view(self, request, *, upload: Upload):
        if not self._may_import(request):
            raise PermissionDenied
        form = upload.form(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            file_name, data, params = form.job_upload()
            job = job_start(kind=upload.kind, user=request.user, file_name=file_name, data=data, params=params)
            return HttpResponseRedirect(upload.url("job", job.pk))
        context = {**self.admin_site.each_context(request), "title": upload.title, "form": form}
        return TemplateResponse(request, "admin/datasets/upload.html", context)

    def _job(self, request, job_id, upload: Upload) -> Job:
        if not self._may_import(request):
            raise PermissionDenied
        job = Job.objects.filter(pk=job_id, user=request.user, kind=upload.kind.path()).first()
        if job is None:
            raise Http404("No such upload: it has expired, or it is not yours.")
        return job

    def job_view(self, request, job_id, *, upload: Upload):
        job = self._job(request, job_id, upload)
        status = job_status(job)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import of {job.file_name}",
            "job": job,
            "status": status,
            "status_url": upload.url("job_status", job.pk),
            "upload_url": upload.url("upload"),
            "confirm_url": upload.url("confirm"),
            "result": job.result or {},
            "token": job_token(job) if job.can_confirm and not status["expired"] else None,
        }
        return TemplateResponse(request, "admin/datasets/job.html", context)

    def job_status_view(self, request, job_id, *, upload: Upload):
        return JsonResponse(job_status(self._job(request, job_id, upload)))

    def confirm_view(self, request, *, upload: Upload):
        if not self._may_import(request):
            raise PermissionDenied
        try:
            job = job_confirm(token=request.POST.get("token", ""), user=request.user, kind=upload.kind)
        except JobRefusedError as refused:
            return HttpResponseBadRequest(str(refused), content_type="text/plain; charset=utf-8")
        return HttpResponseRedirect(upload.url("job", job.pk))
