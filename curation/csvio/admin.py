"""Import and export in the admin: django-import-export's views on the strict resources.

``CsvImportExportMixin`` goes before the ModelAdmin base and is given the model's
resource in ``resource_classes``. Buttons and URLs require the model's
``import_<model>`` / ``export_<model>`` permission (settings
IMPORT_EXPORT_IMPORT_PERMISSION_CODE / EXPORT), never mere staff status.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from .decoding import max_import_bytes, too_large_message
from .errors import CsvFileError
from .formats import FixtureCSV


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

    def get_import_formats(self):
        return [FixtureCSV]

    def get_export_formats(self):
        return [FixtureCSV]

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["csv_max_bytes"] = max_import_bytes()
        context["csv_file_name"] = self.get_import_resource_classes(None)[0].file_name
        return context

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, CsvFileError):
            for problem in e.problems:
                form.add_error("import_file", problem.describe())
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_export_filename(self, request, queryset, file_format):
        return self.get_export_resource_classes(request)[0].file_name

    def process_result(self, result, request):
        # The confirmed import runs again for real; if the data changed since the
        # preview and a row now fails, everything was rolled back: say so.
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, "Nothing was imported: the file no longer validates. Upload it again to see why.")
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_import", current_app=self.admin_site.name
            )
            return HttpResponseRedirect(url)
        return super().process_result(result, request)
