"""Import (upload, preview, confirm) and export in the admin, for users with the permission only."""

import pghistory.models
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from curation.csvio.export import csv_text, rows_for
from curation.csvio.services import fixtures_import
from events.csv_files import StateResource
from events.models import Event, State
from sources.models import Source
from tests.csvio_helpers import ERRORS, PAYLOADS, VALID, table_counts
from tests.factories import make_user
from tests.jobs_support import run_queued_tasks

pytestmark = pytest.mark.django_db

MODELS = [
    ("events", "state"),
    ("events", "event"),
    ("events", "relationship"),
    ("sources", "source"),
    ("sources", "claim"),
    ("sources", "citation"),
]


def url(app, model, view):
    return reverse(f"admin:{app}_{model}_{view}")


def staff_client(username, *codenames):
    user = make_user(username)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def viewer_client():
    """Staff who may view and change every model, but neither import nor export."""
    codenames = [f"{action}_{model}" for _, model in MODELS for action in ("view", "change")]
    return staff_client("viewer", *codenames)[0]


@pytest.fixture
def importer():
    codenames = [f"{action}_{model}" for _, model in MODELS for action in ("view", "change", "import", "export")]
    codenames += [f"publish_{model}" for _, model in MODELS] + ["retract_claim"]
    return staff_client("importer", *codenames)


def upload(client, app, model, name, data):
    """Upload a file; when it is accepted, the worker checks its rows and this is the preview page."""
    response = client.post(
        url(app, model, "import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )
    if response.status_code != 302:
        return response  # refused at once: the upload form with the reason
    run_queued_tasks()
    return client.get(response["Location"])


def confirm(client, app, model, preview):
    response = client.post(url(app, model, "process_import"), {"token": preview.context["token"]})
    run_queued_tasks()
    return response


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_staff_without_the_permissions_get_no_buttons_and_a_403(viewer_client, app, model):
    changelist = viewer_client.get(url(app, model, "changelist"))
    assert changelist.status_code == 200
    assert url(app, model, "import") not in changelist.text
    assert url(app, model, "export") not in changelist.text

    assert viewer_client.get(url(app, model, "import")).status_code == 403
    assert viewer_client.get(url(app, model, "export")).status_code == 403
    assert viewer_client.post(url(app, model, "export"), {"format": "0"}).status_code == 403
    assert viewer_client.post(url(app, model, "process_import"), {}).status_code == 403


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_with_the_permissions_the_buttons_and_pages_are_there(importer, app, model):
    client, _ = importer
    changelist = client.get(url(app, model, "changelist"))
    assert url(app, model, "import") in changelist.text
    assert url(app, model, "export") in changelist.text
    assert client.get(url(app, model, "import")).status_code == 200
    assert client.get(url(app, model, "export")).status_code == 200


def test_the_participant_admin_has_no_import_or_export(admin_client):
    # Participants travel in the participants column of events.csv.
    page = admin_client.get(reverse("admin:events_eventparticipant_changelist"))
    assert "/import/" not in page.text


def test_the_editor_role_may_import_and_export(editor_client):
    assert editor_client.get(url("events", "event", "import")).status_code == 200
    assert editor_client.get(url("events", "event", "export")).status_code == 200


def test_preview_writes_nothing_and_confirm_imports(importer):
    client, user = importer

    preview = upload(client, "events", "state", "states.csv", (VALID / "states.csv").read_bytes())

    assert preview.status_code == 200
    assert preview.context["token"] is not None
    assert preview.text.count('class="new"') == 5
    assert State.objects.count() == 0

    done = confirm(client, "events", "state", preview)

    assert done.status_code == 302
    assert State.objects.filter(created_by=user).count() == 5
    context = pghistory.models.Context.objects.get(metadata__import_file="states.csv")
    assert context.metadata["user"] == user.pk


def test_a_second_upload_of_the_same_file_previews_every_row_skipped(importer):
    client, _ = importer
    fixtures_import(folder=VALID)

    preview = upload(client, "events", "event", "events.csv", (VALID / "events.csv").read_bytes())

    assert preview.text.count('class="skip"') == 3
    assert 'class="update"' not in preview.text


def test_row_errors_are_listed_by_column_and_nothing_can_be_confirmed(importer):
    client, _ = importer
    fixtures_import(folder=VALID)
    counts = table_counts()

    page = upload(
        client, "events", "event", "events.csv", (ERRORS / "unknown_state_participants" / "events.csv").read_bytes()
    )

    assert page.status_code == 200
    assert page.context["token"] is None
    assert "unknown state &#x27;Narnia&#x27;" in page.text
    assert "participants" in page.text
    assert table_counts() == counts


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("latin1", "file is not UTF-8: byte 0xE9 at position 61 (line 2)"),
        ("wrong_delimiter", "the file seems to be delimited with &#x27;;&#x27;: save it with commas"),
        ("empty_file", "The submitted file is empty."),  # Django's upload field says it first
    ],
)
def test_unreadable_files_are_refused_with_the_reason(importer, case, message):
    client, _ = importer
    path = next((ERRORS / case).glob("*.csv"))
    app, model = ("sources", "citation") if path.name == "citations.csv" else ("events", "state")

    page = upload(client, app, model, path.name, path.read_bytes())

    assert page.status_code == 200
    assert message in page.text
    assert page.context.get("confirm_form") is None
    assert State.objects.count() == 0


def test_a_missing_column_is_named(importer):
    client, _ = importer

    page = upload(client, "events", "state", "states.csv", (ERRORS / "missing_column" / "states.csv").read_bytes())

    assert "header: missing columns: wikidata_id" in page.text
    assert "Traceback" not in page.text
    assert page.context.get("confirm_form") is None


@override_settings(AXISDB_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_size_cap_is_refused(importer):
    client, _ = importer
    data = (VALID / "states.csv").read_bytes()

    page = upload(client, "events", "state", "states.csv", data)

    assert f"file is too large: {len(data)} bytes, the limit is 100 bytes" in page.text
    assert State.objects.count() == 0


def test_a_file_with_a_byte_order_mark_imports(importer):
    client, _ = importer

    preview = upload(client, "events", "state", "states.csv", b"\xef\xbb\xbf" + (VALID / "states.csv").read_bytes())
    confirm(client, "events", "state", preview)

    assert State.objects.count() == 5


def test_payloads_are_shown_escaped_in_the_preview_and_stored_as_text(importer):
    client, _ = importer

    preview = upload(client, "sources", "source", "sources.csv", (PAYLOADS / "sources.csv").read_bytes())

    assert "<script>alert" not in preview.text
    assert "<img src=x" not in preview.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in preview.text  # autoescaped
    confirm(client, "sources", "source", preview)
    assert Source.objects.get(slug="script-payload").title == "<script>alert('x')</script>"
    assert Source.objects.get(slug="formula-payload").title.startswith("=HYPERLINK(")


def test_payloads_in_row_errors_are_escaped(importer):
    client, _ = importer
    data = b"iso3,name,short_name,aliases,is_axis_member,wikidata_id\n<script>,<b>x</b>,x,,maybe,\n"

    page = upload(client, "events", "state", "states.csv", data)

    assert "<script>," not in page.text
    assert "<b>x</b>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "&lt;b&gt;x&lt;/b&gt;" in page.text


def test_an_editor_cannot_publish_through_an_import(editor_client):
    fixtures_import(folder=VALID)
    data = (VALID / "events.csv").read_text(encoding="utf-8").replace(",draft\n", ",published\n").encode()

    page = upload(editor_client, "events", "event", "events.csv", data)

    assert "You may not publish events" in page.text
    assert page.context["token"] is None
    assert Event.objects.get(slug="north-korea-munitions-to-russia").status == "draft"


def test_export_downloads_the_fixture_format(importer):
    client, _ = importer
    fixtures_import(folder=VALID)

    response = client.post(url("events", "state", "export"), {"format": "0", "resource": "0"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="states.csv"'
    assert response.content.decode() == csv_text(rows_for(StateResource))
    assert response.content == (VALID / "states.csv").read_bytes()


def test_export_escapes_formulae(importer):
    client, _ = importer
    fixtures_import(folder=VALID)

    response = client.post(url("sources", "source", "export"), {"format": "0", "resource": "0"})

    assert "'=SUM(A1) is text here" in response.content.decode()


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_admin_export_is_its_fixture_file(importer, app, model):
    from curation.csvio.importer import fixture_resources

    client, _ = importer
    fixtures_import(folder=VALID)
    resource = next(r for r in fixture_resources() if r._meta.model._meta.model_name == model)

    response = client.post(url(app, model, "export"), {"format": "0", "resource": "0"})

    assert response.status_code == 200
    rows = csv_text_rows(response.content.decode())
    expected = list(rows_for(resource))
    assert rows[0] == expected[0]
    assert sorted(rows[1:]) == sorted(expected[1:])  # in the changelist's order
    assert sorted(rows[1:]) == sorted(csv_text_rows((VALID / resource.file_name).read_text(encoding="utf-8"))[1:])


def csv_text_rows(text):
    import csv
    import io

    return list(csv.reader(io.StringIO(text, newline="")))


def test_a_header_only_upload_is_refused_as_having_nothing_to_preview(importer):
    client, _ = importer
    header = (VALID / "states.csv").read_bytes().split(b"\n")[0] + b"\n"

    page = upload(client, "events", "state", "states.csv", header)

    assert "No valid data to import" in page.text
    assert page.context.get("confirm_form") is None
