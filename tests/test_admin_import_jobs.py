"""The admin's CSV import runs in the background worker, and its upload is kept in the database.

The confirm step used to read (and then delete) whatever file of the server's
temporary folder the browser named, answer a 500 for a name it could not parse,
leave every previewed upload behind, and check and import the whole file inside
one request. Now the upload is a job row bound to its user, confirmed only with the
signed token of its own preview, checked and imported by the worker with a
progress bar, and deleted when it expires by a cleanup every upload schedules.
"""

import datetime
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from curation.csvio.services import fixtures_import
from curation.jobs.models import Job, JobState
from curation.jobs.progress import Progress
from curation.jobs.services import TOKEN_SALT
from events.models import Event, State
from tests.csvio_helpers import VALID, table_counts
from tests.factories import make_user
from tests.jobs_support import run_queued_tasks, wait_for, worker_process

pytestmark = pytest.mark.django_db

STATES = (VALID / "states.csv").read_bytes()
IMPORT = reverse("admin:events_state_import")
CONFIRM = reverse("admin:events_state_process_import")


def importer(username="importer"):
    user = make_user(username)
    codenames = [f"{action}_{model}" for model in ("state", "event") for action in ("view", "change", "import")]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client, user


def upload(client, data=STATES, name="states.csv", url=IMPORT):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(url, {"resource": "0", "format": "0", "import_file": file})


def temp_files() -> dict[str, bytes]:
    folder = Path(tempfile.gettempdir())
    found = {}
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_size == len(STATES):
                found[path.name] = path.read_bytes()
        except OSError:
            continue
    return found


def test_an_upload_is_kept_in_the_database_not_in_the_temporary_folder():
    client, user = importer()
    before = temp_files()

    response = upload(client)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_state_import_job", args=[job.pk])
    assert (job.user, job.file_name, bytes(job.upload)) == (user, "states.csv", STATES)
    new = {name for name, content in temp_files().items() if content == STATES and name not in before}
    assert new == set()


def test_the_preview_and_the_import_run_in_the_worker_with_a_progress_bar():
    client, _ = importer()

    job_page = client.get(upload(client)["Location"])

    # Nothing is checked in the request: the page shows the job waiting, with its progress bar.
    assert '<div class="job-progress"' in job_page.text
    assert "waiting to be checked" in job_page.text
    assert job_page.context["token"] is None
    assert DBTaskResult.objects.filter(task_path="curation.jobs.tasks.job_run", status="READY").count() == 1

    assert run_queued_tasks() == 1
    preview = client.get(job_page.wsgi_request.path)
    status = client.get(reverse("admin:events_state_import_job_status", args=[Job.objects.get().pk])).json()
    assert status["state"] == "previewed" and status["finished"] is True
    assert (status["done"], status["total"]) == (5, 5)
    assert preview.text.count('<tr class="new">') == 5
    assert State.objects.count() == 0

    done = client.post(CONFIRM, {"token": preview.context["token"]})
    assert done.status_code == 302
    assert "waiting to be imported" in client.get(done["Location"]).text
    assert State.objects.count() == 0  # the worker imports, not the request

    run_queued_tasks()
    result = client.get(done["Location"])
    assert "5 created" in result.text
    assert State.objects.count() == 5
    assert bytes(Job.objects.get().upload) == b""  # imported: the upload is no longer kept


@pytest.mark.parametrize(
    "fields",
    [
        {"import_file_name": "SECRET", "original_file_name": "states.csv", "format": "0", "resource": "0"},
        {"import_file_name": "../../etc/passwd", "format": "0"},
        {"import_file_name": "", "format": "0"},
        {"format": "0"},
        {"token": "not-a-token"},
        {"token": signing.dumps({"job": "x", "user": 1, "sha256": ""}, salt="another salt")},
    ],
)
def test_a_forged_confirmation_is_a_400_that_reads_and_deletes_nothing(fields):
    client, _ = importer()
    with tempfile.NamedTemporaryFile("wb", delete=False, suffix=".csv") as secret:
        secret.write(STATES)
    fields = {k: os.path.basename(secret.name) if v == "SECRET" else v for k, v in fields.items()}
    counts = table_counts()

    response = client.post(CONFIRM, fields)

    assert response.status_code == 400
    assert Path(secret.name).read_bytes() == STATES
    Path(secret.name).unlink()
    assert table_counts() == counts


def previewed(client):
    page = client.get(upload(client)["Location"])
    run_queued_tasks()
    return client.get(page.wsgi_request.path).context["token"]


def test_a_token_works_only_for_its_own_user():
    alice, _ = importer("alice")
    bob, _ = importer("bob")
    token = previewed(alice)

    response = bob.post(CONFIRM, {"token": token})

    assert response.status_code == 400
    assert response.content.decode() == "This confirmation belongs to another user."
    assert Job.objects.get().state == JobState.PREVIEWED
    assert bob.get(reverse("admin:events_state_import_job", args=[Job.objects.get().pk])).status_code == 404


def test_a_token_works_only_in_its_own_list():
    client, _ = importer()
    token = previewed(client)

    response = client.post(reverse("admin:events_event_process_import"), {"token": token})

    assert response.status_code == 400
    assert Job.objects.get().state == JobState.PREVIEWED


def test_a_stale_token_is_a_400_and_imports_nothing():
    client, _ = importer()
    token = previewed(client)
    Job.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.post(CONFIRM, {"token": token})
    run_queued_tasks()
    page = client.get(reverse("admin:events_state_import_job", args=[Job.objects.get().pk]))

    assert response.status_code == 400
    assert State.objects.count() == 0
    assert page.context["token"] is None
    assert "This upload has expired" in page.text


def test_a_preview_with_errors_cannot_be_confirmed():
    client, _ = importer()
    page = client.get(upload(client, STATES.replace(b"RUS,", b"XXX,"))["Location"])
    run_queued_tasks()
    job = Job.objects.get()
    token = signing.dumps({"job": str(job.pk), "user": job.user_id, "sha256": job.upload_sha256}, salt=TOKEN_SALT)

    assert client.get(page.wsgi_request.path).context["token"] is None
    response = client.post(CONFIRM, {"token": token})

    assert response.status_code == 400
    assert State.objects.count() == 0


def test_confirming_twice_imports_once():
    client, _ = importer()
    token = previewed(client)

    first = client.post(CONFIRM, {"token": token})
    second = client.post(CONFIRM, {"token": token})
    run_queued_tasks()

    assert first.status_code == second.status_code == 302
    assert State.objects.count() == 5
    assert DBTaskResult.objects.filter(task_path="curation.jobs.tasks.job_run").count() == 2  # preview, import


def test_the_import_is_all_or_nothing_when_the_data_changed_since_the_preview():
    fixtures_import(folder=VALID)
    client, _ = importer()
    events = (VALID / "events.csv").read_bytes().replace(b"The third year in a row.", b"The third year.")
    events += b"kyiv-visit,A visit,,summit_visit,diplomatic,2024,,Kyiv,UKR:host,draft\n"
    page = client.get(upload(client, events, "events.csv", reverse("admin:events_event_import"))["Location"])
    run_queued_tasks()
    token = client.get(page.wsgi_request.path).context["token"]
    assert token is not None  # one change, one new event: a clean preview
    State.objects.filter(iso3="UKR").delete()  # meanwhile, someone deletes the host of the new event
    counts = table_counts()

    done = client.post(reverse("admin:events_event_process_import"), {"token": token})
    run_queued_tasks()

    result = client.get(done["Location"])
    assert "Nothing was imported" in result.text
    assert "unknown state &#x27;UKR&#x27;" in result.text
    assert table_counts() == counts
    assert Event.objects.get(slug="gulf-of-oman-naval-exercise-2024").summary == "The third year in a row."


def test_every_upload_schedules_the_cleanup_of_its_expiry_and_the_cleanup_deletes_it():
    client, _ = importer()
    upload(client)
    job = Job.objects.get()
    cleanup = DBTaskResult.objects.get(task_path="curation.jobs.tasks.jobs_cleanup")
    assert cleanup.status == "READY"
    assert abs(cleanup.run_after - job.expires_at) < datetime.timedelta(seconds=2)
    assert abs(job.expires_at - job.created_at - datetime.timedelta(minutes=60)) < datetime.timedelta(seconds=2)

    assert run_queued_tasks() == 1  # the preview; the cleanup waits for the expiry
    assert Job.objects.exists()

    # Time passes: the job expires and its cleanup comes due.
    Job.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    DBTaskResult.objects.filter(pk=cleanup.pk).update(run_after=timezone.now())
    run_queued_tasks()

    assert not Job.objects.exists()


def test_a_user_keeps_at_most_five_uploads():
    client, _ = importer()
    for _ in range(7):
        upload(client)

    assert Job.objects.count() == 5


def test_the_job_page_says_when_no_worker_has_picked_the_upload_up():
    client, _ = importer()
    location = upload(client)["Location"]
    Job.objects.update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=1))

    page = client.get(location)

    assert "No background worker has picked this up yet" in page.text
    assert "manage.py db_worker" in page.text


@pytest.mark.django_db(transaction=True)
def test_progress_shows_while_the_step_transaction_is_still_open():
    user = make_user("worker-user")
    job = Job.objects.create(
        kind="curation.csvio.jobs.CsvImport",
        user=user,
        file_name="states.csv",
        upload=STATES,
        upload_sha256="x",
        heartbeat_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    other = connection.copy()
    progress = Progress(job.pk, table=Job._meta.db_table)
    try:
        with transaction.atomic():
            State.objects.create(iso3="RUS", name="Russia", short_name="Russia")  # the step's own writes
            progress.start(10)
            progress.advance(4)
            progress.interval = 0
            progress.advance(7)
            with other.cursor() as cursor:
                cursor.execute("SELECT done, total FROM jobs_job WHERE id = %s", [str(job.pk)])
                seen = cursor.fetchone()
                cursor.execute("SELECT count(*) FROM events_state")
                states_seen = cursor.fetchone()[0]
            transaction.set_rollback(True)
    finally:
        progress.close()
        other.close()

    assert seen == (7, 10)
    assert states_seen == 0  # the step's writes are not visible, its progress is


def test_make_run_starts_the_worker_beside_the_server():
    commands = subprocess.run(["make", "-n", "run"], capture_output=True, text=True, check=True).stdout

    assert "manage.py db_worker" in commands
    assert "manage.py runserver" in commands


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_checks_and_imports_an_upload_end_to_end():
    client, _ = importer()
    with worker_process() as worker:
        location = upload(client)["Location"]
        status_url = reverse("admin:events_state_import_job_status", args=[Job.objects.get().pk])
        wait_for(lambda: client.get(status_url).json()["finished"], message="the preview")
        token = client.get(location).context["token"]
        client.post(CONFIRM, {"token": token})
        wait_for(lambda: client.get(status_url).json()["state"] == "committed", message="the import")
        worker.terminate()
        output = worker.communicate(timeout=15)[0]

    assert State.objects.count() == 5
    assert "curation.jobs.tasks.job_run state=SUCCESSFUL" in output
