"""The review queue (issue 12): every draft of every publishable model, newest first, with what
changed since it was last published; publish from there, or return it to its published
version. Reachable from the index; a fixed number of queries whatever it holds."""

import pghistory
import pytest
from django.db import transaction
from django.urls import reverse

from curation.partial_dates import PartialDate
from events.models import Event, EventParticipant
from sources.models import Claim, Source
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:review_queue")


def later():
    return pghistory.context(note="a later change")


def test_the_queue_lists_the_drafts_of_every_kind_newest_first(reviewer_client):
    make_event(title="Published drill")  # not waiting
    event = make_event(title="Draft drill", status="draft")
    tie = make_relationship("CHN", "RUS", status="draft")
    source = make_source(title="Draft source", status="draft")
    claim = make_claim(status="draft", states=["RUS"])
    Event.objects.filter(pk=event.pk).update(updated_at=claim.updated_at.replace(year=2030))  # edited last

    entries = reviewer_client.get(QUEUE).context["entries"]
    assert entries[0].record == event
    assert {entry.record for entry in entries} == {event, tie, source, claim}
    assert all(not entry.ever_published for entry in entries)
    assert "New: never published." in reviewer_client.get(QUEUE).content.decode()


def test_the_index_leads_to_the_queue_with_its_size(reviewer_client, editor_client):
    make_event(status="draft"), make_source(status="draft")
    html = reviewer_client.get(reverse("admin:index")).content.decode()
    assert f'href="{QUEUE}"' in html and "2 drafts waiting for review" in html
    assert "2 drafts waiting for review" in editor_client.get(reverse("admin:index")).content.decode()


def test_a_draft_that_was_published_shows_what_changed_since(reviewer, reviewer_client):
    with transaction.atomic():
        event = make_event(title="Naval drill", participants={"CHN": "host"})
    with later():
        Event.objects.filter(pk=event.pk).update(title="Naval drill, renamed", status="draft")
        EventParticipant.objects.create(event=event, state=make_state("IRN"), role="participant")

    [entry] = reviewer_client.get(QUEUE).context["entries"]
    assert entry.ever_published
    assert [(c.field, c.before, c.after) for c in entry.changes] == [("title", "Naval drill", "Naval drill, renamed")]
    assert [(p.subject, p.verb) for p in entry.parts] == [("participant: state Iran (IRN), role Participant", "added")]
    assert entry.return_url == reverse("admin:events_event_restore_published", args=[event.pk])
    preview = reviewer_client.get(entry.return_url, follow=True)
    assert preview.context["plan"].number == 1
    assert "Yes, restore version 1" in preview.content.decode()


def test_publishing_from_the_queue(reviewer_client):
    event = make_event(status="draft")
    claim = make_claim(status="draft", states=["RUS"])
    source = make_source(status="draft")

    response = reviewer_client.post(QUEUE, {"publish": f"events.event:{event.pk}"}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    event.refresh_from_db()
    assert event.status == "published"
    assert "Published: “" in response.content.decode()

    selected = [f"sources.claim:{claim.pk}", f"sources.source:{source.pk}"]
    reviewer_client.post(QUEUE, {"selected": selected, "publish_selected": "Publish selected"})
    assert Claim.objects.get(pk=claim.pk).status == Source.objects.get(pk=source.pk).status == "published"
    assert reviewer_client.get(QUEUE).context["entries"] == []


def test_an_editor_sees_the_queue_but_cannot_publish_from_it(editor_client):
    event = make_event(status="draft")
    page = editor_client.get(QUEUE)
    [entry] = page.context["entries"]
    assert not entry.can_publish and 'name="publish"' not in page.content.decode()
    response = editor_client.post(QUEUE, {"publish": f"events.event:{event.pk}"}, follow=True)
    assert "You may not publish events" in response.content.decode()
    event.refresh_from_db()
    assert event.status == "draft"


def test_a_forged_token_is_refused_with_a_message(reviewer_client):
    response = reviewer_client.post(QUEUE, {"publish": "auth.user:1"}, follow=True)
    assert "is not a record waiting for review" in response.content.decode()


def test_the_queue_costs_the_same_queries_whatever_it_holds(reviewer_client, django_assert_num_queries):
    def fill(n, offset):
        for i in range(n):
            with transaction.atomic():
                event = make_event(participants={"RUS": "host", "CHN": "participant"})
            with later():
                Event.objects.filter(pk=event.pk).update(status="draft", title=f"Renamed {i}")
            make_claim(status="draft", states=["PRK", "RUS"], event=event)
            make_source(status="draft")
            year = PartialDate(2000 + offset + i)
            make_relationship("CHN", "RUS", status="draft", kind="arms_supplier", start=year, end=year)

    fill(1, 0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert reviewer_client.get(QUEUE).status_code == 200
    fill(4, 10)
    with django_assert_num_queries(len(first)):
        reviewer_client.get(QUEUE)
