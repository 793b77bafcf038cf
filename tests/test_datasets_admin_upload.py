"""A SIPRI register uploaded in the admin: previewed by the background worker (a dry run), then
imported on confirmation (issue 11, with the fixtures' machinery of curation.jobs)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event
from tests.factories import make_states
from tests.jobs_support import run_queued_tasks
from tests.test_datasets_sipri import excerpt_bytes

pytestmark = pytest.mark.django_db


def upload(client, **fields):
    data = {"register": SimpleUploadedFile("register.csv", excerpt_bytes()), **fields}
    return client.post(reverse("admin:datasets_sipri_upload"), data)


def test_an_upload_is_previewed_then_imported_on_confirmation(admin_client):
    make_states("RUS", "CHN", "IRN", "PRK")
    response = upload(admin_client, add_states="on")
    assert response.status_code == 302
    job_url = response["Location"]
    run_queued_tasks()

    preview = admin_client.get(job_url).content.decode()
    assert "Preview: nothing has been written yet" in preview
    assert "events: 18 created" in preview
    assert not Event.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', preview)[1]
    confirmed = admin_client.post(reverse("admin:datasets_sipri_confirm"), {"token": token})
    assert confirmed.status_code == 302
    run_queued_tasks()

    page = admin_client.get(job_url).content.decode()
    assert "Imported" in page and "events: 18 created" in page
    assert Event.objects.filter(slug__startswith="sipri-").count() == 18


def test_unknown_names_are_listed_and_nothing_can_be_confirmed(admin_client):
    response = upload(admin_client)
    run_queued_tasks()
    page = admin_client.get(response["Location"]).content.decode()
    assert "Nothing can be imported" in page and "Afghanistan: 7 rows" in page
    assert 'name="token"' not in page


def test_a_forged_confirmation_is_a_400(admin_client):
    response = admin_client.post(reverse("admin:datasets_sipri_confirm"), {"token": "forged"})
    assert response.status_code == 400


def test_the_upload_is_linked_from_the_imported_records(admin_client):
    page = admin_client.get(reverse("admin:datasets_importedrecord_changelist")).content.decode()
    assert reverse("admin:datasets_sipri_upload") in page
