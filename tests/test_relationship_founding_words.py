"""A relationship is found in the admin by its founding event's words, kept beside it by the database
(``RelationshipFoundingWords``, migration events 0015): they follow every write, whoever makes it (issue 15)."""

import pytest
from django.db import connection

from curation.csvio.services import fixtures_import
from events.models import Event, Relationship, RelationshipFoundingWords
from tests.csvio_helpers import VALID
from tests.factories import make_event, make_relationship

pytestmark = pytest.mark.django_db

URL = "/admin/events/relationship/"


def found(client, term) -> set[str]:
    response = client.get(URL, {"q": term})
    assert response.status_code == 200
    return {record.slug for record in response.context["cl"].result_list}


def kept_words() -> dict[int, str]:
    return {words.relationship_id: str(words.search) for words in RelationshipFoundingWords.objects.all()}


def founding_words() -> dict[int, str]:
    """What the table must hold: each relationship with a founding event, and that event's search vector."""
    return {
        tie.pk: str(Event.objects.values_list("search", flat=True).get(pk=tie.founding_event_id))
        for tie in Relationship.objects.exclude(founding_event=None)
    }


@pytest.fixture
def tie():
    drill = make_event(
        slug="naval-drill",
        title="Naval drill",
        summary="Crews trained.",
        participants={"PRK": "host", "RUS": "participant"},
    )
    return make_relationship("PRK", "RUS", slug="prk-rus-tie", founding_event=drill, summary="Mutual defence.")


def test_a_tie_is_found_by_its_founding_events_words(admin_client, tie):
    assert kept_words() == founding_words() != {}
    assert found(admin_client, "naval") == {"prk-rus-tie"}
    assert found(admin_client, "drill") == {"prk-rus-tie"}


def test_a_founding_event_edited_moves_its_ties_words(admin_client, tie):
    drill = tie.founding_event
    drill.title = "Airborne manoeuvres"
    drill.save()
    assert kept_words() == founding_words()
    assert found(admin_client, "airborne") == {"prk-rus-tie"}
    assert found(admin_client, "naval") == set()


def test_an_event_changed_in_bulk_moves_its_ties_words(admin_client, tie):
    Event.objects.filter(pk=tie.founding_event_id).update(summary="Submarine crews trained together.")
    assert found(admin_client, "submarine") == {"prk-rus-tie"}
    assert kept_words() == founding_words()


def test_another_founding_event_or_none(admin_client, tie):
    shells = make_event(
        slug="nk-shells",
        title="North Korean artillery shells",
        summary="Sent by rail.",
        participants={"PRK": "supplier"},
    )
    tie.founding_event = shells
    tie.save()
    assert found(admin_client, "artillery") == {"prk-rus-tie"}
    assert found(admin_client, "naval") == set()
    assert kept_words() == founding_words()

    tie.founding_event = None
    tie.save()
    assert found(admin_client, "artillery") == set()
    assert kept_words() == {}


def test_a_founding_event_set_in_bulk(admin_client, tie):
    shells = make_event(slug="nk-shells", title="North Korean artillery shells", summary="Sent by rail.")
    Relationship.objects.filter(pk=tie.pk).update(founding_event=shells)
    assert found(admin_client, "artillery") == {"prk-rus-tie"}
    assert kept_words() == founding_words()
    Relationship.objects.filter(pk=tie.pk).update(founding_event=None)
    assert kept_words() == {}


def test_a_deleted_tie_takes_its_words_along(tie):
    tie.delete()
    assert not RelationshipFoundingWords.objects.exists()


def test_an_event_written_after_the_tie_that_names_it(admin_client):
    # The founding event's key is checked at commit: a tie may be written before its event, in one transaction.
    make_event(slug="filler", title="Filler")
    later = Event.objects.order_by("-pk").first().pk + 1000
    tie = make_relationship("CHN", "RUS", slug="chn-rus-tie", founding_event_id=later)
    assert kept_words() == {}
    make_event(pk=later, slug="tank-parade", title="Tank parade", participants={"CHN": "host"})
    assert kept_words() == {tie.pk: str(Event.objects.values_list("search", flat=True).get(pk=later))}
    assert found(admin_client, "parade") == {"chn-rus-tie"}


def test_ties_imported_from_csv_are_found_by_their_events_words(admin_client):
    report = fixtures_import(folder=VALID)
    assert not report.has_errors, report.error_lines()
    assert Relationship.objects.exclude(founding_event=None).exists()
    assert kept_words() == founding_words()
    tie = Relationship.objects.exclude(founding_event=None).select_related("founding_event").first()
    word = tie.founding_event.title.split()[-1]
    assert tie.slug in found(admin_client, word)


def test_a_sql_write_is_followed_too(tie):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_event SET place = 'Vladivostok' WHERE id = %s", [tie.founding_event_id])
    assert "vladivostok" in kept_words()[tie.pk]
