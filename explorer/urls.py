"""The explorer's URLs, mounted at the root by ``axisdb/urls.py``."""

from django.urls import path, re_path

from curation.api.filters import SLUG_REGEX

from . import views

app_name = "explorer"

urlpatterns = [
    path("", views.home, name="home"),
    path("timeline/", views.timeline, name="timeline"),
    path("network/", views.network, name="network"),
    re_path(rf"^events/(?P<key>{SLUG_REGEX})/$", views.event, name="event"),
    re_path(r"^states/(?P<iso3>[A-Z]{3})/$", views.state, name="state"),
    re_path(rf"^sources/(?P<key>{SLUG_REGEX})/$", views.source, name="source"),
]
