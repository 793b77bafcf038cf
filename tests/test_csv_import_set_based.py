"""The CSV import, set-based (issue 15, speed): the queries of an import do not grow with its rows,
every row's history is recorded with the import's context, and an error found for the whole file
at once (by the database refusing a set-based write) still names its row, column and value."""

import pghistory.models
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curation.csvio.services import csv_file_import
from events.csv_files import EventResource, RelationshipResource
from events.models import Event, EventParticipant, Relationship
from sources.models import Claim, Source
from sources.resources import ClaimResource, SourceResource
from tests.factories import make_event, make_states, make_user

pytestmark = pytest.mark.django_db

EVENTS_HEADER = "key,title,summary,type,domains,start,end,place,participants,status\n"
RELATIONSHIPS_HEADER = "key,kind,state_a,state_b,start,end,founding_event,summary,status\n"
SOURCES_HEADER = (
    "key,title,publisher,authors,published,url,retrieved,archive_url,kind,reliability,notes,based_on,status\n"
)
STATES = ("CHN", "IRN", "PRK", "RUS")


@pytest.fixture(autouse=True)
def states():
    return make_states(*STATES)


def events_csv(count: int, *, prefix: str, title: str = "Drill", roles=("host", "participant")) -> bytes:
    """``count`` events, each with two participants, at every date precision."""
    lines = []
    for n in range(count):
        first, second = STATES[n % 4], STATES[(n + 1) % 4]
        start = ("2024", "2024-03", "2024-03-17~")[n % 3]
        participants = f"{first}:{roles[0]};{second}:{roles[1]}"
        lines.append(f"{prefix}-{n},{title} {n},A naval exercise.,military_exercise,military;cyber,{start},,,")
        lines[-1] += f"{participants},published\n"
    return (EVENTS_HEADER + "".join(lines)).encode()


def import_events(data: bytes, **options):
    return csv_file_import(resource_class=EventResource, data=data, file_name="events.csv", **options)


def queries_of(data: bytes, **options) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        report = import_events(data, **options)
    assert report.error_lines() == []
    return len(queries), report


def test_new_rows_take_the_same_queries_for_10_rows_as_for_200(django_assert_num_queries):
    import_events(events_csv(1, prefix="warm-up"))
    ten, report = queries_of(events_csv(10, prefix="ten"))
    assert report.file("events.csv").created == 10

    with django_assert_num_queries(ten):
        report = import_events(events_csv(200, prefix="many"))

    assert report.file("events.csv").created == 200
    assert Event.objects.filter(slug__startswith="many-").count() == 200
    assert EventParticipant.objects.filter(event__slug__startswith="many-").count() == 400


def test_changed_and_unchanged_rows_take_the_same_queries_for_10_rows_as_for_200(django_assert_num_queries):
    user = make_user(role="Reviewer")
    import_events(events_csv(10, prefix="ten"), user=user)
    import_events(events_csv(200, prefix="many"), user=user)
    # Each row changed: a new title, a participant's new role.
    ten, report = queries_of(events_csv(10, prefix="ten", title="Exercise", roles=("host", "observer")), user=user)
    assert report.file("events.csv").updated == 10

    with django_assert_num_queries(ten):
        report = import_events(events_csv(200, prefix="many", title="Exercise", roles=("host", "observer")), user=user)

    assert report.file("events.csv").updated == 200
    assert Event.objects.get(slug="many-199").title == "Exercise 199"
    assert EventParticipant.objects.get(event__slug="many-199", state="CHN").role == "observer"
    unchanged, report = queries_of(events_csv(10, prefix="ten", title="Exercise", roles=("host", "observer")))
    assert report.file("events.csv").unchanged == 10
    with django_assert_num_queries(unchanged):
        report = import_events(events_csv(200, prefix="many", title="Exercise", roles=("host", "observer")))
    assert report.file("events.csv").unchanged == 200


def test_every_row_written_set_based_is_in_the_history_with_the_imports_context():
    user = make_user(role="Reviewer")

    created = import_events(events_csv(50, prefix="drill"), user=user)
    updated = import_events(events_csv(50, prefix="drill", roles=("host", "observer")), user=user)

    assert created.file("events.csv").created == 50 and updated.file("events.csv").updated == 50
    for report, label, rows in ((created, "insert", 100), (updated, "update", 50)):
        context = pghistory.models.Context.objects.get(metadata__import_run=str(report.run_id))
        assert context.metadata["import_file"] == "events.csv" and context.metadata["user"] == user.pk
        participants = EventParticipant.pgh_event_model.objects.filter(pgh_context=context, pgh_label=label)
        assert participants.count() == rows
        assert participants.filter(updated_by=user).count() == rows
    inserted = Event.pgh_event_model.objects.filter(
        pgh_label="insert", pgh_context__metadata__import_run=str(created.run_id)
    )
    assert sorted(inserted.values_list("slug", flat=True)) == sorted(f"drill-{n}" for n in range(50))
    assert set(inserted.values_list("created_by", "updated_by")) == {(user.pk, user.pk)}


def test_a_changed_record_is_updated_once_in_the_history_and_keeps_its_creator():
    creator, editor = make_user(role="Reviewer"), make_user(role="Reviewer")
    import_events(events_csv(3, prefix="drill"), user=creator)

    report = import_events(events_csv(3, prefix="drill", title="Renamed"), user=editor)

    assert report.file("events.csv").updated == 3
    event = Event.objects.get(slug="drill-2")
    assert (event.title, event.created_by, event.updated_by) == ("Renamed 2", creator, editor)
    updates = Event.pgh_event_model.objects.filter(pgh_obj=event, pgh_label="update")
    assert [(u.title, u.pgh_context.metadata["import_run"]) for u in updates] == [("Renamed 2", str(report.run_id))]


def test_a_bad_cell_in_a_long_file_names_its_row_column_and_value_and_nothing_is_written():
    lines = events_csv(300, prefix="drill").decode().splitlines(keepends=True)
    lines[137] = lines[137].replace("CHN:", "Narnia:")

    report = import_events("".join(lines).encode())

    assert report.error_lines() == [
        "events.csv:row 137: column participants: value 'Narnia:host;IRN:participant': "
        "unknown state 'Narnia': no state has this ISO3 code, name, short name or alias"
    ]
    assert not report.committed
    assert not Event.objects.exists()


def test_a_refusal_of_the_set_based_write_lands_on_its_row_and_the_other_rows_are_checked():
    # The database alone sees that two ties overlap: it refuses the one statement that writes
    # every row, and the importer finds the row by writing them again one at a time.
    rows = [f"tie-{n},arms_supplier,{a},{b},2020,,,A tie.,published\n" for n, (a, b) in enumerate(_pairs(40))]
    rows.append("tie-again,arms_supplier,North Korea,Russia,2021,,,Again.,published\n")
    data = (RELATIONSHIPS_HEADER + "".join(rows)).encode()

    report = csv_file_import(resource_class=RelationshipResource, data=data, file_name="relationships.csv")

    assert report.error_lines() == [
        "relationships.csv:row 41: these two states already have this kind of tie in an overlapping period "
        "(another row or record)"
    ]
    file = report.file("relationships.csv")
    assert (file.created, file.errors) == (40, 1)
    assert not report.committed
    assert not Relationship.objects.exists()


def test_a_refused_participant_names_its_row_and_column():
    # A participant the database refuses (here by a check added for the test) is found only
    # when the related rows of every event are written; the message names its row and column.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE events_eventparticipant ADD CONSTRAINT test_no_observer CHECK (role <> 'observer')")
    data = events_csv(30, prefix="drill").decode().splitlines(keepends=True)
    data[12] = data[12].replace(":participant", ":observer")

    report = import_events("".join(data).encode())

    (line,) = report.error_lines()
    assert line.startswith("events.csv:row 12: column participants: value 'RUS:host;CHN:observer': ")
    assert "test_no_observer" in line
    assert not report.committed


CLAIMS_HEADER = (
    "key,statement,claimant,asserted,event,relationship,states,stance,credibility,assessment,"
    "quantity_value,quantity_lower,quantity_upper,quantity_unit,status,retraction_reason\n"
)


def claims_csv(count: int, *, prefix: str, states: str = "PRK;RUS") -> bytes:
    rows = (
        f"{prefix}-{n},Troops were sent.,Reuters,2024-10,drill,,{states},supports,2,unverified,,,,,draft,\n"
        for n in range(count)
    )
    return (CLAIMS_HEADER + "".join(rows)).encode()


def test_claims_and_their_states_take_the_same_queries_for_10_rows_as_for_200(django_assert_num_queries):
    make_event(slug="drill")

    def run(data: bytes):
        return csv_file_import(resource_class=ClaimResource, data=data, file_name="claims.csv")

    run(claims_csv(1, prefix="warm-up"))
    with CaptureQueriesContext(connection) as queries:
        assert run(claims_csv(10, prefix="ten")).file("claims.csv").created == 10
    with django_assert_num_queries(len(queries)):
        assert run(claims_csv(200, prefix="many")).file("claims.csv").created == 200
    with CaptureQueriesContext(connection) as queries:
        assert run(claims_csv(10, prefix="ten", states="RUS;IRN")).file("claims.csv").updated == 10
    with django_assert_num_queries(len(queries)):
        assert run(claims_csv(200, prefix="many", states="RUS;IRN")).file("claims.csv").updated == 200

    states = Claim.states.through.objects.filter(claim__slug="many-7").order_by("pk")
    assert list(states.values_list("state_id", flat=True)) == ["RUS", "IRN"]


def import_sources(based_on: dict[str, str], **options):
    rows = "".join(
        f"{key},Report {key},Reuters,,2024,,,,news_article,B,,{on},published\n" for key, on in based_on.items()
    )
    return csv_file_import(
        resource_class=SourceResource, data=(SOURCES_HEADER + rows).encode(), file_name="sources.csv", **options
    )


def based_on(key: str) -> list[str]:
    links = Source.based_on.through.objects.filter(from_source__slug=key).order_by("pk")
    return list(links.values_list("to_source__slug", flat=True))


def test_based_on_links_are_written_for_the_whole_file_in_the_order_given_with_the_imports_context():
    sources = {f"report-{n}": f"wire-{n % 3};wire-{(n + 1) % 3}" for n in range(30)}
    sources.update({f"wire-{n}": "" for n in range(3)})  # further down the file than the rows naming them

    report = import_sources(sources)

    assert report.error_lines() == []
    assert based_on("report-4") == ["wire-1", "wire-2"]
    history = Source.based_on.through.pgh_event_models["insert"].objects.filter(
        pgh_context__metadata__import_run=str(report.run_id)
    )
    assert history.count() == 60
    assert import_sources({**sources, "report-4": "wire-2"}).file("sources.csv").updated == 1
    assert based_on("report-4") == ["wire-2"]


def test_based_on_errors_name_their_rows_even_a_loop_only_the_database_sees():
    report = import_sources({"a": "b", "b": "c", "c": "a", "lonely": "nowhere;a", "selfish": "selfish", "fine": "a"})

    assert report.error_lines() == [
        "sources.csv:row 3: column based_on: value 'a': a source cannot rely, through its sources, on itself",
        "sources.csv:row 4: column based_on: value 'nowhere;a': unknown source 'nowhere': no source has this key",
        "sources.csv:row 5: column based_on: value 'selfish': a source cannot rely on itself",
    ]
    assert not report.committed
    assert not Source.objects.exists()


def _pairs(count: int) -> list[tuple[str, str]]:
    """``count`` distinct ordered pairs of states, PRK -> RUS among them (directed ties never overlap here)."""
    codes = [*STATES, "USA", "GBR", "IND", "TUR"]
    make_states(*codes[4:])
    pairs = [("PRK", "RUS")] + [(a, b) for a in codes for b in codes if a != b and (a, b) != ("PRK", "RUS")]
    return pairs[:count]
