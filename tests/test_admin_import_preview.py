"""The admin's import preview shows every error in the table, beside its highlighted cell, with its value.

Row errors used to hide behind red badges that showed their messages only on
hover; a 1 MB cell or a NUL in a cell named neither row nor column.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from curation.csvio.services import fixtures_import
from events.models import Event
from tests.csvio_helpers import ERRORS, VALID, table_counts
from tests.factories import make_user
from tests.jobs_support import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    user = make_user("importer")
    models = ("state", "event", "source")
    codenames = [f"{action}_{model}" for model in models for action in ("view", "change", "import")]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def preview(client, model, data, name):
    """Upload ``data`` to the import of ``model`` ("events_event") and let the worker check it: the page."""
    response = client.post(
        reverse(f"admin:{model}_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )
    if response.status_code != 302:
        return response
    run_queued_tasks()
    return client.get(response["Location"])


def cells_in_error(page) -> list[str]:
    """The text of every highlighted cell of the preview table."""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
        for cell in re.findall(r'<td class="cell-error">(.*?)</td>', page.text, flags=re.S)
    ]


def test_each_error_is_written_in_its_highlighted_cell_with_the_value(client):
    fixtures_import(folder=VALID)
    data = (ERRORS / "bad_date_month" / "events.csv").read_bytes()

    page = preview(client, "events_event", data, "events.csv")

    assert page.context["token"] is None
    [cell] = cells_in_error(page)
    assert cell.startswith("2024-13 row 1: column start: value &#x27;2024-13&#x27;: not a valid partial date")
    assert "validation-error-container" not in page.text  # no hover-only badges


def test_a_row_with_errors_in_several_cells_highlights_each(client):
    fixtures_import(folder=VALID)
    data = (VALID / "events.csv").read_bytes()
    data = data.replace(b"military_exercise,military,2024-03", b"military_drill,military,2024-13")

    page = preview(client, "events_event", data, "events.csv")

    cells = cells_in_error(page)
    assert len(cells) == 2
    assert "column type: value &#x27;military_drill&#x27;: not one of" in cells[0]
    assert "column start: value &#x27;2024-13&#x27;" in cells[1]
    assert '<tr class="invalid">' in page.text
    assert page.text.count('<tr class="skip">') == 2  # the other rows, unchanged, are listed too


def test_a_changed_cell_shows_what_it_was(client):
    fixtures_import(folder=VALID)
    data = (VALID / "events.csv").read_bytes().replace(b"The third year in a row.", b"The third year.")

    page = preview(client, "events_event", data, "events.csv")

    assert re.search(
        r'<td class="cell-changed">\s*<del title="before the import">The third year in a row.</del>', page.text
    )
    assert page.context["token"] is not None


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("huge_cell", "row 2: column notes: value"),
        ("nul_in_cell", "row 2: column name: value &#x27;Islamic Republic\\x00 of Iran&#x27;: the cell contains a NUL"),
    ],
)
def test_an_oversized_cell_and_a_nul_are_refused_naming_row_and_column(client, case, message):
    path = next((ERRORS / case).glob("*.csv"))
    model = {"sources.csv": "sources_source", "states.csv": "events_state"}[path.name]
    counts = table_counts()

    page = preview(client, model, path.read_bytes(), path.name)

    assert page.status_code == 200
    assert message in page.text
    assert table_counts() == counts


def test_the_cell_limit_is_documented():
    from django.conf import settings

    for document in ("README.md", "fixtures/README.md"):
        text = (settings.BASE_DIR / document).read_text(encoding="utf-8")
        assert "at most 100,000 characters" in text, document
    assert not Event.objects.exists()
