"""Every database connection defines ``pgtrigger.ignore`` (empty), so the history triggers read it
instead of raising and catching an error per row (most of an import's time, issue 15); history is
still recorded, and ``pgtrigger.ignore()`` still silences a trigger and then restores the setting."""

import pgtrigger
import pytest
from django.db import connection

from events.models import Event
from tests.factories import make_event

pytestmark = pytest.mark.django_db


def ignored() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW pgtrigger.ignore")
        return cursor.fetchone()[0]


def test_the_setting_is_defined_empty_and_history_is_still_recorded():
    assert ignored() == "{}"
    event = make_event(slug="recorded")
    assert Event.pgh_event_models["insert"].objects.filter(pgh_obj=event).count() == 1


def test_pgtrigger_ignore_still_silences_a_trigger_and_restores_the_setting():
    with pgtrigger.ignore("events.Event:insert_insert"):
        assert ignored() != "{}"
        event = make_event(slug="silenced")
    assert ignored() == "{}"
    assert not Event.pgh_event_models["insert"].objects.filter(pgh_obj=event).exists()
