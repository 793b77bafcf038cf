"""The fixture CSV format as a django-import-export format, for the admin.

It reads the uploaded bytes itself (``is_binary``), so that the admin applies the
same size cap, UTF-8 check, strict parsing and formula unescaping as
import_fixtures; export writes the same text as export_fixtures.
"""

from import_export.formats.base_formats import CSV

from .decoding import decode_csv_bytes
from .export import csv_text
from .reading import parse_csv_text


class FixtureCSV(CSV):
    CONTENT_TYPE = "text/csv; charset=utf-8"

    def get_title(self):
        return "csv"

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return parse_csv_text(decode_csv_bytes(in_stream))

    def export_data(self, dataset, **kwargs):
        return csv_text([dataset.headers, *dataset])
