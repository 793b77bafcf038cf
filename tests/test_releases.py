"""Releases: ``manage.py release``, the admin's "add release" (cut by the worker), /api/releases/ and the root."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from curation.workflow.status import EditorialStatus
from events.models import Event
from releases.models import Release
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_source, make_user
from tests.jobs_support import run_queued_tasks

CSV_FILES = ["states.csv", "events.csv", "relationships.csv", "sources.csv", "claims.csv", "citations.csv"]


@pytest.fixture(autouse=True)
def releases_dir(settings, tmp_path):
    settings.AXISDB_RELEASES_DIR = tmp_path / "releases"
    return settings.AXISDB_RELEASES_DIR


def cut(version: str) -> Release:
    call_command("release", version, stdout=io.StringIO())
    return Release.objects.get(version=version)


def download(client, version: str) -> bytes:
    response = client.get(f"/api/releases/{version}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_release_is_the_download_frozen_with_checksums_changelog_and_citation(client, releases_dir):
    make_claim(slug="drill-claim", event=make_event(slug="drill"), sources=[make_source(slug="reuters")])
    make_event(slug="draft-event", status=EditorialStatus.DRAFT)
    release = cut("1.0")
    path = releases_dir / "axisdb-1.0.zip"
    data = path.read_bytes()
    assert release.sha256 == hashlib.sha256(data).hexdigest() and release.size == len(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names == ["datapackage.json", *CSV_FILES, "CHANGELOG.json", "CITATION.cff", "SHA256SUMS"]
    sums = dict(reversed(line.split("  ")) for line in archive.read("SHA256SUMS").decode().splitlines())
    assert sums == {name: hashlib.sha256(archive.read(name)).hexdigest() for name in names[:-1]}
    assert sums == release.checksums
    assert json.loads(archive.read("datapackage.json"))["version"] == "1.0"
    assert "draft-event" not in archive.read("events.csv").decode()
    changelog = json.loads(archive.read("CHANGELOG.json"))
    assert changelog["previous_release"] is None
    assert {"type": "event", "key": "drill"} in changelog["added"]
    assert {"type": "event", "key": "draft-event"} not in changelog["added"]
    citation = yaml.safe_load(archive.read("CITATION.cff"))
    assert citation["version"] == "1.0" and citation["type"] == "dataset"
    assert citation["date-released"] == f"{release.snapshot_at:%Y-%m-%d}"
    assert "license" not in citation  # none chosen: none invented


@pytest.mark.django_db(transaction=True)
def test_a_release_downloads_byte_for_byte_after_the_data_changed_and_the_next_lists_the_changes(client):
    make_user(role="Reviewer")
    kept = make_event(slug="kept")
    make_event(slug="to-delete")
    first = cut("1")
    before = download(client, "1")
    kept.title = "Renamed"
    kept.save()
    Event.objects.get(slug="to-delete").delete()
    make_event(slug="new-one")
    etag = client.get("/api/releases/")["ETag"]
    second = cut("2")
    assert client.get("/api/releases/")["ETag"] != etag  # a new release moves the data's version
    assert download(client, "1") == before
    assert hashlib.sha256(before).hexdigest() == first.sha256 == Release.objects.get(version="1").sha256
    assert second.changelog["previous_release"] == "1"
    assert {"type": "event", "key": "new-one"} in second.changelog["added"]
    assert {"type": "event", "key": "kept"} in second.changelog["changed"]
    assert {"type": "event", "key": "to-delete"} in second.changelog["withdrawn"]
    page = client.get("/api/releases/").json()
    assert page["current"] == "2"
    assert [release["version"] for release in page["results"]] == ["2", "1"]
    assert page["results"][0]["changelog"] == {"previous_release": "1", "added": 1, "changed": 1, "withdrawn": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["v1", "1.2.3.4", "", "1..2"])
def test_a_bad_release_number_is_refused_naming_version(version, releases_dir):
    with pytest.raises(CommandError, match="version"):
        call_command("release", version, stdout=io.StringIO())
    assert not Release.objects.exists()
    assert not releases_dir.exists() or not any(releases_dir.iterdir())


@pytest.mark.django_db
def test_a_release_number_is_used_once(releases_dir):
    first = cut("1.0")
    with pytest.raises(CommandError, match="version"):
        call_command("release", "1.0", stdout=io.StringIO())
    assert (releases_dir / "axisdb-1.0.zip").read_bytes() and Release.objects.get().sha256 == first.sha256


@pytest.mark.django_db
def test_the_release_detail_and_download(client):
    make_event(slug="drill")
    release = cut("3.1")
    detail = client.get("/api/releases/3.1/").json()
    assert detail["sha256"] == release.sha256 and detail["size"] == release.size
    assert detail["download_url"] == "http://testserver/api/releases/3.1/download/"
    assert hashlib.sha256(download(client, "3.1")).hexdigest() == release.sha256
    assert client.get("/api/releases/9.9/").status_code == 404
    assert client.get("/api/releases/9.9/download/").status_code == 404
    assert client.get("/api/releases/3.1/", {"x": "1"}).status_code == 400


@pytest.mark.django_db
def test_a_release_whose_file_is_gone_is_a_404_saying_so(client, releases_dir, caplog):
    cut("4")
    (releases_dir / "axisdb-4.zip").unlink()
    response = client.get("/api/releases/4/download/")
    assert response.status_code == 404
    assert response.json() == {"detail": "The file of release 4 is missing on this server."}
    assert "Release 4: its file" in caplog.text


@pytest.mark.django_db
def test_a_release_being_cut_is_not_listed(client):
    Release.objects.create(version="1")
    page = client.get("/api/releases/").json()
    assert page == {
        "current": None,
        "license": "not yet chosen",
        "how_to_cite": page["how_to_cite"],
        "results": [],
    }
    assert client.get("/api/releases/1/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_at_1_and_50_releases(client, django_assert_num_queries, rows):
    for n in range(rows):
        Release.objects.create(
            version=str(n + 1), sha256="a" * 64, size=1, file_name=f"axisdb-{n + 1}.zip", snapshot_at=timezone.now()
        )
    with django_assert_num_queries(2):  # the data's version, the releases
        assert len(client.get("/api/releases/").json()["results"]) == rows


@pytest.mark.django_db
def test_the_root_states_the_current_release_the_licence_and_how_to_cite(client, settings):
    root = client.get("/api/").json()
    assert root["current_release"] is None and root["license"] == "not yet chosen"
    assert "No release" in root["how_to_cite"]
    assert root["releases"] == "http://testserver/api/releases/"
    release = cut("1.0")
    settings.AXISDB_DATA_LICENSE = "CC-BY-4.0"
    root = client.get("/api/").json()
    assert root["current_release"] == "1.0" and root["license"] == "CC-BY-4.0"
    assert "release 1.0" in root["how_to_cite"] and release.sha256 in root["how_to_cite"]


@pytest.mark.django_db
def test_the_admin_cuts_a_release_in_the_background_worker(client, releases_dir, django_capture_on_commit_callbacks):
    make_event(slug="drill")
    client.force_login(make_user("reviewer", role="Reviewer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/releases/release/add/", {"version": "2.0"})
    assert response.status_code == 302
    release = Release.objects.get(version="2.0")
    assert release.sha256 == "" and not releases_dir.exists()  # nothing written in the request
    assert "being cut" in client.get("/admin/releases/release/").content.decode()
    assert run_queued_tasks() == 1
    release.refresh_from_db()
    assert (releases_dir / release.file_name).read_bytes()
    page = client.get("/admin/releases/release/").content.decode()
    assert "/api/releases/2.0/download/" in page
    assert client.post("/admin/releases/release/add/", {"version": "2.0"}).status_code == 200  # taken: the form


@pytest.mark.django_db
def test_an_editor_cannot_cut_a_release(client):
    client.force_login(make_user("ed", role="Editor"))
    assert client.post("/admin/releases/release/add/", {"version": "1"}).status_code == 403
    assert not Release.objects.exists()


def test_the_repository_citation_file_names_no_licence_or_doi_it_does_not_have():
    citation = yaml.safe_load((Path(django_settings.BASE_DIR) / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["authors"] and citation["title"].startswith("axisdb")
    assert "license" not in citation and "doi" not in citation
