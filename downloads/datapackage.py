"""``datapackage.json``: the download described as a Frictionless Data Package.

Each CSV file is a tabular resource whose schema lists every column with its
type (from the import/export resource's widgets), its constraints and its
meaning (from ``fixtures/README.md``, the document that describes every column).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

from curation.csvio.fields import PartialDateColumn, StatusColumn
from curation.csvio.widgets import BooleanWidget, ChoiceWidget, DecimalWidget, KeyWidget
from curation.workflow.status import EditorialStatus

from .files import FILES, DownloadFile

PARTIAL_DATE_PATTERN = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?~?"
KEY_PATTERN = "[-a-zA-Z0-9_]+"


@cache
def column_meanings() -> dict[str, dict[str, str]]:
    """``{file name: {column: meaning}}`` from the tables of fixtures/README.md."""
    path = Path(settings.BASE_DIR) / "fixtures" / "README.md"
    if not path.exists():
        return {}
    meanings: dict[str, dict[str, str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+\.csv)", line)
        if heading:
            current = meanings.setdefault(heading.group(1), {})
        elif current is not None and (row := re.match(r"\| `([^`]+)` \| (.*) \|$", line)):
            current[row.group(1)] = row.group(2).replace("\\|", "|").strip()
    return meanings


def field_descriptor(column, meaning: str) -> dict:
    """The Table Schema field of one CSV column."""
    field = {"name": column.column_name, "type": "string"}
    if meaning:
        field["description"] = meaning
    widget = column.widget
    if isinstance(column, PartialDateColumn):
        field["constraints"] = {"pattern": PARTIAL_DATE_PATTERN}
        field["format"] = "default"
    elif isinstance(column, StatusColumn):
        field["constraints"] = {"enum": [EditorialStatus.PUBLISHED.value]}  # the download holds public records only
    elif isinstance(widget, BooleanWidget):
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif isinstance(widget, ChoiceWidget):
        if widget.numeric:
            field["type"] = "integer"
        field["constraints"] = {"enum": list(widget.values)}
    elif isinstance(widget, DecimalWidget):
        field["type"] = "number"
    elif isinstance(widget, KeyWidget):
        field["constraints"] = {"pattern": KEY_PATTERN}
    return field


def resource_descriptor(download_file: DownloadFile) -> dict:
    resource = download_file.csv_format.resource_class()
    meanings = column_meanings().get(download_file.csv_format.filename, {})
    schema = {
        "fields": [field_descriptor(column, meanings.get(column.column_name, "")) for column in resource.columns()],
        "primaryKey": list(download_file.primary_key),
        "missingValues": [""],
    }
    if download_file.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": other, "fields": other_column}}
            for column, other, other_column in download_file.foreign_keys
        ]
    return {
        "name": download_file.name,
        "path": download_file.csv_format.filename,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def datapackage(*, api_url: str, created: str, version: str | None = None) -> dict:
    """The package's descriptor; ``api_url`` is where the data comes from, ``created`` when it was made."""
    descriptor = {
        "profile": "tabular-data-package",
        "name": "axisdb",
        "title": "axisdb: a curated relational event database of the cooperation between Russia, China, Iran "
        "and North Korea",
        "description": "The public (published) records of axisdb: states, events, relationships, sources, claims "
        "and citations, in the CSV format its editors import (described column by column). Every claim is "
        "attributed and cites its sources (citations.csv, with the verbatim quote).",
        "created": created,
        "sources": [{"title": "axisdb read-only API", "path": api_url}],
        "resources": [resource_descriptor(download_file) for download_file in FILES],
    }
    if version:
        descriptor["version"] = version
    if settings.AXISDB_DATA_LICENSE:
        descriptor["licenses"] = [{"name": settings.AXISDB_DATA_LICENSE}]
    return descriptor
