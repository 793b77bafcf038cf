import os

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Give each pytest process its own test database.

    Several suites may run at once against the one embedded server (a developer's
    and CI's, or two terminals); a shared test_axisdb would be dropped under the
    other's feet.
    """
    from django.conf import settings

    suffix = os.environ.get("AXISDB_TEST_DB_SUFFIX") or str(os.getpid())
    for database in settings.DATABASES.values():
        test = database.setdefault("TEST", {})
        test["NAME"] = f"test_{database['NAME']}_{suffix}"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="pw-root-123456", email="")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user("edith", role="Editor")


@pytest.fixture
def reviewer(db):
    from tests.factories import make_user

    return make_user("rita", role="Reviewer")


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture(autouse=True)
def public_version_moves_at_once(request):
    """The public data's version moves at commit (a deferred trigger); a test never commits, so there
    it moves at the end of each statement instead, as it would after that statement's commit."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection

    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS curation_public_data_commit IMMEDIATE")
