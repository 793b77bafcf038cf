"""/api/download/: the whole public data set as one zip: fixture-format CSVs and a Frictionless datapackage.json.

``frictionless validate`` accepts it and pandas reads every CSV with the types the package declares.
"""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas
import pytest

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from tests.api_support import csv_rows, fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db

FILES = ["states.csv", "events.csv", "relationships.csv", "sources.csv", "claims.csv", "citations.csv"]


@pytest.fixture
def data():
    reuters = make_source(slug="reuters", url="https://example.org/r", retrieved=PartialDate(2025, 2))
    draft_source = make_source(slug="draft-source", status=EditorialStatus.DRAFT)
    drill = make_event(slug="drill", participants={"RUS": "host", "CHN": "participant"}, start=PartialDate(2024, 3))
    make_event(slug="undated", start=None, participants={"PRK": "supplier"})
    make_event(slug="draft-event", status=EditorialStatus.DRAFT)
    tie = make_relationship("IRN", "RUS", slug="iran-russia", founding_event=drill)
    make_claim(
        slug="rounds",
        event=drill,
        sources=[reuters, draft_source],
        states=["PRK"],
        quantity_value=-1.5,
        quantity_unit="percent",
        credibility=2,
    )
    make_claim(slug="tie-claim", relationship=tie, sources=[reuters], asserted=None)
    make_claim(slug="draft-claim", status=EditorialStatus.DRAFT, sources=[reuters])


def download(client) -> zipfile.ZipFile:
    response = client.get("/api/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="axisdb-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_each_list_as_its_csv_and_the_datapackage(client, data):
    archive = download(client)
    assert archive.namelist() == ["datapackage.json", *FILES]
    for name in FILES:
        listed = client.get(f"/api/{name.removesuffix('.csv')}/", {"format": "csv"})
        assert archive.read(name).decode() == b"".join(listed.streaming_content).decode(), name
    citations = archive.read("citations.csv").decode()
    assert "rounds,reuters," in citations and "draft-source" not in citations
    assert "draft-event" not in archive.read("events.csv").decode()


def test_the_datapackage_describes_every_column(client, data):
    package = json.loads(download(client).read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert [resource["path"] for resource in package["resources"]] == FILES
    claims = next(resource for resource in package["resources"] if resource["name"] == "claims")
    fields = {field["name"]: field for field in claims["schema"]["fields"]}
    assert fields["credibility"]["type"] == "integer"
    assert fields["quantity_value"]["type"] == "number"
    assert fields["statement"]["description"]
    assert all(field.get("description") for resource in package["resources"] for field in resource["schema"]["fields"])
    assert package["sources"] == [{"title": "axisdb read-only API", "path": "http://testserver/api/"}]
    assert "licenses" not in package  # none is stated until the maintainers choose one


def test_a_licence_set_by_the_maintainers_is_stated(client, data, settings):
    settings.AXISDB_DATA_LICENSE = "CC-BY-4.0"
    package = json.loads(download(client).read("datapackage.json"))
    assert package["licenses"] == [{"name": "CC-BY-4.0"}]


def extract(client, folder: Path) -> Path:
    download(client).extractall(folder)
    return folder / "datapackage.json"


def test_frictionless_validate_accepts_it(client, data, tmp_path):
    descriptor = extract(client, tmp_path)
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(frictionless), "validate", "--json", str(descriptor)], capture_output=True, text=True, timeout=300
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:4000]
    assert result.returncode == 0


PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64"}
BOOLEANS = {"true": True, "false": False}  # the package's trueValues and falseValues


def test_pandas_reads_every_csv_with_the_declared_types(client, data, tmp_path):
    package = json.loads(extract(client, tmp_path).read_text())
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        frame = pandas.read_csv(
            tmp_path / resource["path"],
            dtype={f["name"]: PANDAS_TYPES[f["type"]] for f in fields if f["type"] in PANDAS_TYPES},
            converters={
                f["name"]: {"true": True, "false": False}.__getitem__ for f in fields if f["type"] == "boolean"
            },
            keep_default_na=False,
            na_values={f["name"]: [""] for f in fields if f["type"] in ("integer", "number")},
        )
        assert list(frame.columns) == [f["name"] for f in fields]
        if resource["name"] == "claims":
            rounds = frame.set_index("key").loc["rounds"]
            assert rounds["quantity_value"] == -1.5 and rounds["credibility"] == 2
        if resource["name"] == "states":
            assert frame["is_axis_member"].dtype == bool


def test_it_takes_no_parameters(client, data):
    response = client.get("/api/download/", {"format": "csv"})
    assert response.status_code == 400
    assert "format" in response.json()


def test_the_queries_do_not_grow_with_rows(client, django_assert_num_queries):
    make_claim(sources=[make_source()], event=make_event())
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        download(client)
    for _ in range(30):
        make_claim(sources=[make_source(), make_source()], event=make_event(), states=["PRK"])
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        download(client)


# The data version, with the API's time limit, and the limit reset (the files are read without it); per
# file what its list's CSV costs (states 1, events 2, relationships 1, sources 1, claims 2, citations 1);
# the savepoint around them (inside the test's transaction, no isolation level set).
DOWNLOAD_QUERIES = 2 + 8 + 2
