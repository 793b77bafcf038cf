"""The admin index (issue 12): editors see their records and the review queue, never the
machinery's tables; superusers see those under names that say what they are."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
SYSTEM = {
    "admin:pghistory_events_changelist": "Change log (every recorded change, raw)",
    "admin:axes_accessattempt_changelist": "Login attempts (current lockouts)",
    "admin:axes_accesslog_changelist": "Login log (successful logins)",
    "admin:axes_accessfailurelog_changelist": "Failed logins",
    "admin:django_tasks_database_dbtaskresult_changelist": "Background tasks (CSV imports and cleanups)",
}


def section_names(response):
    return [app["name"] for app in response.context["app_list"]]


def model_names(response):
    return [model["name"] for app in response.context["app_list"] for model in app["models"]]


RECORDS = ["Events, states and relationships", "Sources, claims and citations"]


# Reviewers also cut the numbered releases of the public data (issue 13); editors do not.
@pytest.mark.parametrize(
    ("role", "sections"), [("Editor", RECORDS), ("Reviewer", [RECORDS[0], "Releases", RECORDS[1]])]
)
def test_editors_and_reviewers_see_their_records_and_no_machinery(client, role, sections):
    client.force_login(make_user(role=role))
    page = client.get(INDEX)
    assert section_names(page) == sections
    html = page.content.decode()
    for name in ("PGHISTORY", "Pghistory", "AXES", "Axes", "Access attempts", "Change log", "Task results"):
        assert name not in html
    for url in SYSTEM:
        assert client.get(reverse(url)).status_code == 403


def test_even_a_granted_view_permission_does_not_show_the_machinery_to_staff(client):
    user = make_user(role="Editor")
    machinery = ["axes", "pghistory", "django_tasks_database"]
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=machinery))
    client.force_login(user)
    assert "Login attempts" not in client.get(INDEX).content.decode()
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_superusers_see_the_machinery_under_plain_names_after_the_records(admin_client):
    page = admin_client.get(INDEX)
    sections = section_names(page)
    assert set(sections[-3:]) == {"Change history (raw)", "Login security", "Background tasks"}
    assert set(SYSTEM.values()) <= set(model_names(page))
    html = page.content.decode()
    assert "Pghistory" not in html and ">Axes<" not in html and ">Events</a>" not in html.split("app-pghistory")[-1]
    for url, name in SYSTEM.items():
        listing = admin_client.get(reverse(url))
        assert listing.status_code == 200
        assert f"<h1>{name}</h1>" in listing.content.decode()
