"""Import and export in the admin: django-import-export's pages on the strict resources.

``CsvImportExportMixin`` goes before the ModelAdmin base and is given the model's
resource in ``resource_classes``. Buttons and URLs require the model's
``import_<model>`` / ``export_<model>`` permission (settings
IMPORT_EXPORT_IMPORT_PERMISSION_CODE / EXPORT), never mere staff status.

An import is a background job (``curation.jobs``, kind ``curation.csvio.jobs.CsvImport``):

1. ``import/``: the upload. The file's size, encoding, CSV syntax and header are
   checked at once (a file that fails them never becomes a job); then the file is
   stored in the database as a job of this user, and the browser goes to the job's page.
2. ``import/<job>/``: the job's page. A progress bar while the worker checks the
   rows (a dry run), then the preview: every row with what it would do, each error
   in the table beside its highlighted cell with the cell's value repeated, and,
   when there is no error, a "Confirm import" form carrying the job's signed token.
3. ``process_import/``: the confirmation. Only a valid token of this user's
   previewed job is accepted; anything else is a 400 that reads and deletes
   nothing. The worker then imports the same bytes, all or nothing, and the job's
   page shows the progress, then the result.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from curation.jobs.models import Job
from curation.jobs.services import JobRefusedError, job_confirm, job_start, job_status, job_token

from .decoding import decode_csv_bytes, max_import_bytes, too_large_message
from .errors import CsvFileError
from .formats import FixtureCSV
from .jobs import CsvImport
from .reading import check_header, parse_csv_text


class CsvImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = max_import_bytes()
        if upload.size > limit:
            raise forms.ValidationError(too_large_message(upload.size, limit))
        return upload


class CsvImportExportMixin(ImportExportMixin):
    import_form_class = CsvImportForm
    # Every column, always: an export is a fixture file that imports back unchanged.
    export_form_class = ExportForm
    import_template_name = "admin/csvio/import.html"
    import_job_template_name = "admin/csvio/import_job.html"

    def get_import_formats(self):
        return [FixtureCSV]

    def get_export_formats(self):
        return [FixtureCSV]

    def get_export_filename(self, request, queryset, file_format):
        return self.get_export_resource_classes(request)[0].file_name

    def import_resource_class(self) -> type:
        return self.get_import_resource_classes(None)[0]

    def get_urls(self):
        prefix = "{}_{}".format(*self.get_model_info())
        view = self.admin_site.admin_view
        return [
            path("import/<uuid:job_id>/", view(self.import_job_view), name=f"{prefix}_import_job"),
            path("import/<uuid:job_id>/status/", view(self.import_job_status), name=f"{prefix}_import_job_status"),
            *super().get_urls(),
        ]

    def _admin_url(self, view: str, *args) -> str:
        prefix = "{}_{}".format(*self.get_model_info())
        return reverse(f"admin:{prefix}_{view}", args=args, current_app=self.admin_site.name)

    # --- 1. upload ----------------------------------------------------------

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            data = b"".join(upload.chunks())
            self._check_file(form, data)
            if not form.errors:
                job = job_start(
                    kind=CsvImport,
                    user=request.user,
                    file_name=upload.name,
                    data=data,
                    params={"resource": self._resource_path(), "model": self.opts.label_lower},
                )
                return HttpResponseRedirect(self._job_url(job))
        resource_class = self.import_resource_class()
        context = {
            **self.admin_site.each_context(request),
            "title": "Import",
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [(resource_class.get_display_name(), resource_class.column_names())],
            "csv_max_bytes": max_import_bytes(),
            "csv_file_name": resource_class.file_name,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def _check_file(self, form, data: bytes) -> None:
        """What can be checked at once: size, UTF-8, CSV syntax, cells, the header; the rows are the job's."""
        try:
            dataset = parse_csv_text(decode_csv_bytes(data))
        except CsvFileError as error:
            for problem in error.problems:
                form.add_error("import_file", problem.describe())
            return
        for problem in check_header(dataset.headers, self.import_resource_class().column_names()):
            form.add_error("import_file", problem.describe())
        if not form.errors and not len(dataset):
            form.add_error(
                "import_file",
                "No valid data to import: the file has a header but no rows, so there is nothing to preview.",
            )

    def _resource_path(self) -> str:
        resource_class = self.import_resource_class()
        return f"{resource_class.__module__}.{resource_class.__qualname__}"

    # --- 2. the job's page --------------------------------------------------

    def _job(self, request, job_id) -> Job:
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = Job.objects.filter(
            pk=job_id, user=request.user, kind=CsvImport.path(), params__model=self.opts.label_lower
        ).first()
        if job is None:
            raise Http404("No such import: it has expired, or it is not yours.")
        return job

    def _job_url(self, job, view: str = "import_job") -> str:
        return self._admin_url(view, job.pk)

    def import_job_view(self, request, job_id):
        job = self._job(request, job_id)
        status = job_status(job)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import of {job.file_name}",
            "opts": self.opts,
            "job": job,
            "status": status,
            "status_url": self._job_url(job, "import_job_status"),
            "result": job.result or {},
            "token": job_token(job) if job.can_confirm and not status["expired"] else None,
            "upload_url": self._admin_url("import"),
            "changelist_url": self._admin_url("changelist"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_job_template_name], context)

    def import_job_status(self, request, job_id):
        return JsonResponse(job_status(self._job(request, job_id)))

    # --- 3. confirmation ----------------------------------------------------

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        token = request.POST.get("token", "")
        if not token:
            return HttpResponseBadRequest(
                "Confirm an import with the form of its preview page: this request names no previewed upload.",
                content_type="text/plain; charset=utf-8",
            )
        try:
            job = job_confirm(
                token=token, user=request.user, kind=CsvImport, scope={"params__model": self.opts.label_lower}
            )
        except JobRefusedError as refused:
            return HttpResponseBadRequest(str(refused), content_type="text/plain; charset=utf-8")
        return HttpResponseRedirect(self._job_url(job))
