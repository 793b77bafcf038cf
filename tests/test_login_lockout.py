"""Admin login lockout (django-axes): five failures lock the username from that address,
and a forged X-Forwarded-For does not dodge it."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from axisdb.security import client_ip
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "pw-Correct-71c2"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_the_limit_is_five_failures():
    assert settings.AXES_FAILURE_LIMIT == 5


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    make_user("edith", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "edith", "wrong").status_code == 200  # the form again, with an error
    assert attempt(client, "edith", "wrong").status_code == 429
    locked = attempt(client, "edith", PASSWORD)
    assert locked.status_code == 429 and not logged_in(client)


def test_a_changing_x_forwarded_for_does_not_reset_the_count(client):
    make_user("edith", password=PASSWORD)
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "edith", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}")
    response = attempt(client, "edith", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert response.status_code == 429 and not logged_in(client)


def test_below_the_limit_the_right_password_logs_in_and_resets_the_count(client):
    make_user("edith", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "edith", "wrong")
    assert attempt(client, "edith", PASSWORD).status_code == 302 and logged_in(client)
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "edith", "wrong")
    assert attempt(client, "edith", PASSWORD).status_code == 302


def test_the_lock_is_per_username_and_address(client):
    make_user("edith", password=PASSWORD)
    make_user("rita", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "edith", "wrong")
    assert attempt(client, "rita", PASSWORD).status_code == 302


def test_without_trusted_proxies_the_address_is_remote_addr():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "192.0.2.10"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_only_the_entry_it_appended_counts():
    # The client forged "203.0.113.5"; our proxy appended the address it saw.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.9")
    assert client_ip(request) == "198.51.100.9"
    # No header at all (not through the proxy): the peer address.
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_the_lockout_page_says_how_long_and_what_to_do(client, settings):
    import datetime

    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=45)  # AXES_COOLOFF_MINUTES=45
    make_user("edith", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "edith", "wrong")
    response = attempt(client, "edith", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(45 * 60)
    text = response.content.decode()
    assert "this account is locked for 45 minutes from the address you are using" in text
    assert "Wait 45 minutes, then log in with the right password" in text
    assert "ask an administrator to lift the lock and reset your password" in text
    assert "manage.py axes_reset_username edith" in text
    assert "Please try again later" not in text


def test_a_script_asking_is_told_the_same_in_json(client):
    make_user("edith", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "edith", "wrong")
    response = attempt(client, "edith", PASSWORD, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429
    assert response.json()["cooloff_minutes"] == 30
    assert "Wait 30 minutes" in response.json()["detail"]
