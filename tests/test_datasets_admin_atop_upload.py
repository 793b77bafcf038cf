"""ATOP's two files uploaded in the admin: previewed by the background worker (a dry run), then imported on
confirmation, as the SIPRI register is (issue 11; the excerpts of the real files in tests/data/external)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curation.jobs.models import Job
from datasets.jobs import AtopUpload, SipriRegisterUpload
from events.models import Event, Relationship
from tests.factories import make_states, make_user
from tests.jobs_support import run_queued_tasks
from tests.test_datasets_atop_import import ALLIANCES, MEMBERS

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:datasets_atop_upload")


def upload(client, alliances: bytes | None = None, members: bytes | None = None, **fields):
    data = {
        "alliances": SimpleUploadedFile(
            "atop-alliances.csv", ALLIANCES.read_bytes() if alliances is None else alliances
        ),
        "members": SimpleUploadedFile("atop-members.csv", MEMBERS.read_bytes() if members is None else members),
        **fields,
    }
    return client.post(UPLOAD, data)


def test_both_files_are_previewed_then_imported_on_confirmation(admin_client):
    make_states("CHN", "PRK", "RUS", "IRN")
    response = upload(admin_client, add_states="on")
    assert response.status_code == 302
    job_url = response["Location"]
    assert Job.objects.get().kind == AtopUpload.path()
    run_queued_tasks()

    preview = admin_client.get(job_url).content.decode()
    assert "Preview: nothing has been written yet" in preview
    assert "ATOP v4.01: atop-alliances.csv, atop-members.csv" in preview
    created = re.search(r"relationships: (\d+) created", preview)[1]
    assert int(created) > 0
    assert not Event.objects.exists() and not Relationship.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', preview)[1]
    confirmed = admin_client.post(reverse("admin:datasets_atop_confirm"), {"token": token})
    assert confirmed.status_code == 302
    run_queued_tasks()

    page = admin_client.get(job_url).content.decode()
    assert "Imported" in page and f"relationships: {created} created" in page
    assert Relationship.objects.count() == int(created)
    treaty = Relationship.objects.get(slug="atop-3445-chn-prk-defence-pact")
    assert (treaty.start.value, treaty.end, treaty.status) == ("1961-07-11", None, "draft")


def test_states_keeps_only_the_alliances_touching_them(admin_client):
    make_states("CHN", "PRK", "RUS", "IRN")
    response = upload(admin_client, add_states="on", states="IRN")
    run_queued_tasks()
    token = re.search(r'name="token" value="([^"]+)"', admin_client.get(response["Location"]).content.decode())[1]
    admin_client.post(reverse("admin:datasets_atop_confirm"), {"token": token})
    run_queued_tasks()
    assert set(Event.objects.values_list("slug", flat=True)) == {"atop-4968"}  # Iran-Russia 2001


def test_unknown_codes_are_listed_and_nothing_can_be_confirmed(admin_client):
    response = upload(admin_client)
    run_queued_tasks()
    page = admin_client.get(response["Location"]).content.decode()
    assert "Nothing can be imported" in page and "unknown names" in page
    assert 'name="token"' not in page


def test_a_file_missing_or_a_bad_state_code_is_refused_on_the_form(admin_client):
    response = admin_client.post(UPLOAD, {"alliances": SimpleUploadedFile("a.csv", ALLIANCES.read_bytes())})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = upload(admin_client, states="CHN,XX")
    assert response.status_code == 200 and "Not ISO3 codes: XX." in response.content.decode()
    assert not Job.objects.exists()


def test_the_atop_pages_show_only_atop_jobs(admin_client):
    response = upload(admin_client, add_states="on")
    run_queued_tasks()
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(kind=SipriRegisterUpload.path())
    assert admin_client.get(response["Location"]).status_code == 404  # the ATOP pages know only ATOP jobs


def test_an_editor_without_import_permission_is_refused(client):
    client.force_login(make_user())
    assert upload(client).status_code == 403


def test_the_upload_is_linked_from_the_imported_records(admin_client):
    page = admin_client.get(reverse("admin:datasets_importedrecord_changelist")).content.decode()
    assert UPLOAD in page
