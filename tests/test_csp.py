"""The Content-Security-Policy header: strict for scripts, on every page; inline
scripts run only with the request's nonce. (tests/browser/test_csp_pages.py loads
the pages in chromium and checks that nothing is blocked.)"""

import re

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_admin_pages_carry_a_strict_script_policy(admin_client):
    policy = directives(admin_client.get(reverse("admin:events_event_changelist")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no nonce used on this page, never 'unsafe-inline'
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "blob:" in policy["worker-src"]


def test_the_login_page_has_the_header_too(client):
    assert "script-src 'self'" in client.get(reverse("admin:login"))["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_api_docs_inline_script_carries_the_requests_nonce(client, name):
    try:
        url = reverse(name)
    except NoReverseMatch:
        pytest.skip("the API documentation pages are not installed")
    response = client.get(url)
    nonces = [s.removeprefix("'nonce-").removesuffix("'") for s in directives(response)["script-src"] if "nonce" in s]
    assert len(nonces) == 1
    inline = re.findall(r"<script nonce=\"([^\"]+)\">", response.content.decode())
    assert inline == nonces
    assert "fonts.googleapis.com" not in response.content.decode()


def test_the_policy_follows_the_settings(client):
    """The header is built once per settings (axisdb.content_security): a changed policy is the one sent."""
    assert directives(client.get("/api/"))["object-src"] == ["'none'"]
    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}},
        CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"img-src": ["'self'"]}},
    ):
        response = client.get("/api/states/")
        assert directives(response) == {"default-src": ["'none'"]}
        assert "img-src 'self'" in response["Content-Security-Policy-Report-Only"]
    response = client.get("/api/states/")
    assert directives(response)["object-src"] == ["'none'"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_view_of_its_own_policy_keeps_it(client):
    """A view that sets its own policy (django-csp's decorators) is answered with that one, not the settings'."""
    from csp.decorators import csp_update
    from django.http import HttpResponse
    from django.test import RequestFactory

    from axisdb.content_security import CSPMiddleware

    view = csp_update({"img-src": ["https://example.org"]})(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/somewhere/")
    response = CSPMiddleware(view)(request)
    assert "https://example.org" in directives(response)["img-src"]
    plain = CSPMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/somewhere/"))
    assert "https://example.org" not in directives(plain)["img-src"]
