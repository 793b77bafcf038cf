"""The explorer's error pages: a 404, 400 and 500 in the explorer's look (its header, stylesheet and links),
each with its own status."""

import pytest
from django.test import Client
from django.urls import reverse

from explorer import selectors

pytestmark = pytest.mark.django_db


def looks_like_the_explorer(html: str) -> None:
    assert '<link rel="stylesheet" href="/static/explorer/explorer.css">' in html
    assert '<header class="site">' in html and f'href="{reverse("explorer:timeline")}"' in html


def test_an_unknown_address_is_a_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    looks_like_the_explorer(html)
    assert 'data-status="404"' in html and "There is nothing at this address" in html
    assert "Resolver404" not in html


def test_a_missing_record_is_a_styled_404_saying_what_is_missing(client):
    response = client.get(reverse("explorer:event", args=["no-such-event"]))
    assert response.status_code == 404
    html = response.content.decode()
    looks_like_the_explorer(html)
    assert '<p class="error-detail">No published event has this key.</p>' in html


def test_a_bad_host_is_a_styled_400(client):
    response = client.get(reverse("explorer:home"), HTTP_HOST="bad host!")
    assert response.status_code == 400
    html = response.content.decode()
    looks_like_the_explorer(html)
    assert 'data-status="400"' in html and "This request cannot be answered" in html


def test_an_error_in_a_page_is_a_styled_500(monkeypatch):
    def broken(iso3):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "state_page", broken)
    response = Client(raise_request_exception=False).get(reverse("explorer:state", args=["PRK"]))
    assert response.status_code == 500
    html = response.content.decode()
    looks_like_the_explorer(html)
    assert 'data-status="500"' in html and "Something went wrong on our side" in html and "a bug" not in html
