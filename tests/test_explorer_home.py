"""The root of the site is the explorer's home (it was a redirect to the admin): it links to the timeline,
the network and the API docs; the API stays at /api/ and the admin at /admin/. The pages load only our
own script and style sheet: no inline script or style, nothing from another site."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db


def test_the_home_page_links_to_the_explorer_and_the_api(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for target in ("/timeline/", "/network/", "/api/", "/api/docs/"):
        assert f'href="{target}"' in html
    assert client.get("/api/").status_code == 200
    assert client.get("/admin/").status_code == 302  # to the login page, as before


def test_every_page_loads_only_our_own_files_with_no_inline_script_or_style(client):
    event = make_event(slug="drill")
    make_relationship()
    source = make_source(slug="rusi")
    pages = ["/", "/timeline/", "/network/", reverse("explorer:event", args=[event.slug]),
             reverse("explorer:state", args=["RUS"]), reverse("explorer:source", args=[source.slug])]  # fmt: skip
    for path in pages:
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/explorer/explorer.js" defer>'], path
        assert " style=" not in html and "<style" not in html, path
        assert re.findall(r'<link[^>]*href="([^"]*)"', html) == ["/static/explorer/explorer.css", "data:,"], path
        assert 'src="http' not in html, path
