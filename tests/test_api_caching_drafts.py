"""Drafts never show through the cache headers: editing, creating or deleting unpublished work
leaves every public endpoint's ETag and Last-Modified as they were (issue 9, point 10)."""

import pytest

from curation.workflow.status import EditorialStatus
from events.models import Event, EventParticipant, Relationship
from sources.models import Citation, Claim, Source
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db

URLS = ["/api/events/", "/api/events/drill/", "/api/claims/", "/api/sources/", "/api/relationships/", "/api/states/"]


@pytest.fixture
def data():
    source = make_source(slug="source")
    event = make_event(slug="drill", participants={"PRK": "host", "RUS": "participant"})
    make_claim(slug="claim", event=event, sources=[source])
    draft_event = make_event(slug="draft-event", status=EditorialStatus.DRAFT)
    draft_source = make_source(slug="draft-source", status=EditorialStatus.DRAFT)
    make_relationship("CHN", "PRK", slug="draft-tie", status=EditorialStatus.DRAFT)
    make_claim(slug="draft-claim", event=event, sources=[source], status=EditorialStatus.DRAFT)
    make_claim(slug="hidden-claim", event=draft_event, sources=[draft_source])
    make_state("IRN"), make_state("USA")  # states are public: made before the validators are read


DRAFT_CHANGES = {
    "edit a draft event": lambda: Event.objects.filter(slug="draft-event").update(title="Secret plan"),
    "save a draft event": lambda: _save(Event.objects.get(slug="draft-event"), title="Secret plan"),
    "add a participant to a draft event": lambda: EventParticipant.objects.create(
        event=Event.objects.get(slug="draft-event"), state=make_state("IRN")
    ),
    "create a draft event": lambda: make_event(slug="new-draft", status=EditorialStatus.DRAFT),
    "delete a draft event": lambda: make_event(slug="doomed", status=EditorialStatus.DRAFT).delete(),
    "edit a draft relationship": lambda: Relationship.objects.filter(slug="draft-tie").update(summary="Secret"),
    "edit a draft source": lambda: Source.objects.filter(slug="draft-source").update(title="Secret"),
    "edit a draft claim": lambda: Claim.objects.filter(slug="draft-claim").update(statement="Secret"),
    "tag a draft claim with a state": lambda: Claim.objects.get(slug="draft-claim").states.add(make_state("USA")),
    "edit a published claim about a draft event": lambda: Claim.objects.filter(slug="hidden-claim").update(
        statement="Secret"
    ),
    "edit a citation of a draft source": lambda: Citation.objects.filter(source__slug="draft-source").update(
        quote="Secret"
    ),
    "add a draft claim with citations": lambda: make_claim(
        status=EditorialStatus.DRAFT, sources=[Source.objects.get(slug="source")]
    ),
}


def _save(record, **changes):
    for name, value in changes.items():
        setattr(record, name, value)
    record.save()


def validators(client) -> dict:
    return {url: (client.get(url)["ETag"], client.get(url)["Last-Modified"]) for url in URLS}


@pytest.mark.parametrize("change", list(DRAFT_CHANGES))
def test_draft_work_leaves_the_validators_unchanged(client, data, change):
    before = validators(client)
    DRAFT_CHANGES[change]()
    assert validators(client) == before
    for url, (etag, _) in before.items():
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, (url, change)


def test_publishing_the_draft_then_moves_them(client, data):
    before = validators(client)
    Event.objects.filter(slug="draft-event").update(title="Secret plan")
    Event.objects.filter(slug="draft-event").update(status=EditorialStatus.PUBLISHED)
    after = validators(client)
    assert all(after[url][0] != before[url][0] for url in URLS)
    assert "Secret plan" in client.get("/api/events/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_once_at_commit_and_only_for_public_changes():
    from django.db import transaction

    from curation.public_version import public_data_version

    make_event(slug="drill")
    make_event(slug="draft-event", status=EditorialStatus.DRAFT)
    start, _ = public_data_version()
    with transaction.atomic():
        Event.objects.filter(slug="draft-event").update(title="Secret plan")
    assert public_data_version()[0] == start
    with transaction.atomic():
        Event.objects.filter(slug="drill").update(title="One")
        Event.objects.filter(slug="drill").update(title="Two")
    assert public_data_version()[0] == start + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Event.objects.filter(slug="drill").update(title="Rolled back")
        raise RuntimeError
    assert public_data_version()[0] == start + 1
