"""The fixtures in fixtures/ load with no error, and export back to the same rows.

Expected counts are the files' data rows, not numbers written here.
"""

import pytest
from django.core.management import call_command

from curation.csvio.services import fixtures_export, fixtures_import
from events.models import Event, EventParticipant, Relationship, State
from sources.choices import Assessment, LinkKind, Stance
from sources.models import Citation, Claim, ClaimLink, Source
from tests.csvio_helpers import FILES, FIXTURES, data_row_count, read_rows, table_counts

pytestmark = pytest.mark.django_db

MODELS = {
    "states.csv": State,
    "sources.csv": Source,
    "events.csv": Event,
    "relationships.csv": Relationship,
    "claims.csv": Claim,
    "citations.csv": Citation,
    "claim_links.csv": ClaimLink,
}


def participant_count() -> int:
    rows = read_rows(FIXTURES / "events.csv")
    column = rows[0].index("participants")
    return sum(len([item for item in row[column].split(";") if item.strip()]) for row in rows[1:])


def test_every_fixture_file_is_there():
    assert sorted(path.name for path in FIXTURES.glob("*.csv")) == sorted(FILES)


def test_the_fixtures_load_with_no_error_and_every_row():
    report = fixtures_import(folder=FIXTURES)

    assert report.error_lines() == []
    for name in FILES:
        expected = data_row_count(FIXTURES / name)
        assert report.file(name).created == expected, name
        assert MODELS[name].objects.count() == expected, name
    assert EventParticipant.objects.count() == participant_count()


def test_make_run_loads_them_once_and_then_changes_nothing(capsys):
    call_command("import_fixtures", str(FIXTURES))
    counts = table_counts()
    capsys.readouterr()

    call_command("import_fixtures", str(FIXTURES))

    out = capsys.readouterr().out
    for name in FILES:
        rows = data_row_count(FIXTURES / name)
        assert f"{name}: {rows} rows: 0 created, 0 updated, {rows} unchanged, 0 skipped, 0 errors" in out
    counts_after = table_counts()
    counts_after["history contexts"] = counts["history contexts"]
    assert counts_after == counts


def test_the_fixtures_export_to_the_same_rows_and_reimport_unchanged(tmp_path):
    source = FIXTURES
    assert fixtures_import(folder=source).error_lines() == []
    exported = tmp_path / "out"

    fixtures_export(folder=exported)

    for name in FILES:
        # The fixture files are kept in export order (by key), so the export reproduces them byte for byte.
        assert (exported / name).read_bytes() == (source / name).read_bytes(), name
    report = fixtures_import(folder=exported)
    assert report.error_lines() == []
    assert report.total("created") + report.total("updated") == 0
    assert report.total("unchanged") == sum(data_row_count(source / name) for name in FILES)


def test_the_fixtures_keep_the_evidence_rules():
    """No published claim corroborated with fewer than two independent origins, every disputes
    claim names what it disputes, at least five contradictions are recorded, and circular
    reporting is flagged, not counted (issue 10)."""
    assert fixtures_import(folder=FIXTURES).error_lines() == []

    published = Claim.objects.published()
    assert not published.filter(assessment=Assessment.CORROBORATED, origin_count__lt=2).exists()
    assert published.filter(assessment=Assessment.CORROBORATED).count() >= 5
    for claim in Claim.objects.filter(stance=Stance.DISPUTES):
        named = claim.event_id or claim.relationship_id or claim.links.filter(kind=LinkKind.CONTRADICTS).exists()
        assert named, claim.slug
    assert ClaimLink.objects.filter(kind=LinkKind.CONTRADICTS).count() >= 5
    assert ClaimLink.objects.filter(
        from_claim__slug="study-dprk-nuclear-arsenal-stable",
        to_claim__slug="north-korea-nuclear-program-bolstered-by-china-russia",
        kind=LinkKind.CONTRADICTS,
    ).exists()
    # Two unsourced articles repeating unnamed reports: one origin, flagged, not corroborated.
    drones = Claim.objects.get(slug="iran-supplied-drones-to-russia")
    assert (drones.origin_count, drones.circular_reporting, drones.assessment) == (1, True, Assessment.UNVERIFIED)
    troops = Claim.objects.get(slug="thousands-of-north-korean-troops-fight-for-russia")
    assert troops.quantity_lower is None
    assert not Source.objects.filter(slug__in=["newsweek-iran-russia-treaty-report"], published__isnull=False).exists()
