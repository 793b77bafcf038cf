"""Malformed CSV: every error names its file, row, column and value, and nothing is written.

The corpus is under tests/csv_corpus/errors/: each case replaces some files of the
valid sample and lists in expected.txt the error lines the import must print.
"""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from curation.csvio.services import csv_file_import, fixtures_import
from events.csv_files import StateResource
from tests.csvio_helpers import (
    ERRORS,
    FILES,
    VALID,
    copy_folder,
    database_checksum,
    read_rows,
    snapshot,
    table_counts,
    write_rows,
)

pytestmark = pytest.mark.django_db

CASES = sorted(path.name for path in ERRORS.iterdir() if path.is_dir())
# Where an error is not in one cell, it names what it is in instead.
WHOLE_FILE = {"empty_file", "extra_column", "missing_column", "wrong_delimiter"}  # the header or no rows at all
WHOLE_ROW = {"overlapping_tie", "ragged_row"}  # several columns together, or the row's number of cells


def expected_lines(case: str) -> list[str]:
    return (ERRORS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def with_a_pending_change(folder, case):
    """Change a file the case does not replace, so that a partial write would show."""
    replaced = {path.name for path in (ERRORS / case).glob("*.csv")}
    name = next(name for name in FILES if name not in replaced)
    rows = read_rows(folder / name)
    column = 1 if name != "citations.csv" else 2
    rows[1][column] += " (changed)"
    write_rows(folder / name, rows)


def test_every_case_has_expected_errors():
    assert len(CASES) >= 31
    for case in CASES:
        assert list((ERRORS / case).glob("*.csv")), case
        assert expected_lines(case), case


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_file_is_reported_and_nothing_is_written(case, tmp_path):
    fixtures_import(folder=VALID)
    folder = copy_folder(VALID, tmp_path, overlay=ERRORS / case)
    with_a_pending_change(folder, case)
    counts, contents, checksum = table_counts(), snapshot(), database_checksum()

    report = fixtures_import(folder=folder)

    lines = report.error_lines()
    for line in expected_lines(case):
        assert line in lines, "\n".join(lines)
        if case in WHOLE_FILE:
            assert ":row " not in line, line
        elif case in WHOLE_ROW:
            assert ":row " in line, line
        else:
            assert ":row " in line and ": column " in line, line  # refused with its row and column
    assert not report.committed
    assert table_counts() == counts
    assert snapshot() == contents
    assert database_checksum() == checksum


@pytest.mark.parametrize("case", ["unknown_state_participants", "latin1", "missing_column"])
def test_the_command_prints_the_errors_and_fails(case, tmp_path, capsys):
    folder = copy_folder(VALID, tmp_path, overlay=ERRORS / case)

    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_fixtures", str(folder))

    captured = capsys.readouterr()
    for line in expected_lines(case):
        assert line in captured.err.splitlines()
    assert table_counts()["events.State"] == 0


def test_a_valid_file_and_a_broken_one_in_a_folder_write_nothing_at_all(tmp_path):
    folder = copy_folder(VALID, tmp_path, overlay=ERRORS / "bad_date_words")
    counts = table_counts()

    report = fixtures_import(folder=folder)

    assert report.file("states.csv").created == 5
    assert report.file("claims.csv").errors == 1
    assert table_counts() == counts
    assert all(count == 0 for count in counts.values())


def test_a_later_file_sees_earlier_valid_rows_so_errors_do_not_cascade(tmp_path):
    folder = copy_folder(VALID, tmp_path, overlay=ERRORS / "bad_date_month")

    report = fixtures_import(folder=folder)

    # Only the broken event and what refers to it fail; rows referring to the others find them.
    assert report.error_lines() == [
        expected_lines("bad_date_month")[0],
        "claims.csv:row 2: column event: value 'gulf-of-oman-naval-exercise-2024': "
        "unknown event: the event with this key is in events.csv but has errors there",
        "citations.csv:row 2: column claim: value 'exercise-third-year': "
        "unknown claim: the claim with this key is in claims.csv but has errors there",
        "citations.csv:row 3: column claim: value 'exercise-third-year': "
        "unknown claim: the claim with this key is in claims.csv but has errors there",
    ]


@override_settings(AXISDB_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_size_cap_is_refused(tmp_path):
    folder = copy_folder(VALID, tmp_path)

    report = fixtures_import(folder=folder)

    size = (VALID / "states.csv").stat().st_size
    assert f"states.csv: file is too large: {size} bytes, the limit is 100 bytes (AXISDB_IMPORT_MAX_BYTES)" in (
        report.error_lines()
    )
    assert table_counts()["events.State"] == 0


@override_settings(AXISDB_IMPORT_MAX_BYTES=100)
def test_the_size_cap_applies_to_a_single_file_import_too():
    data = (VALID / "states.csv").read_bytes()

    report = csv_file_import(resource_class=StateResource, data=data, file_name="upload.csv")

    assert report.error_lines() == [
        f"upload.csv: file is too large: {len(data)} bytes, the limit is 100 bytes (AXISDB_IMPORT_MAX_BYTES)"
    ]


def test_a_utf16_file_is_refused_not_guessed():
    data = (VALID / "states.csv").read_text(encoding="utf-8").encode("utf-16")

    report = csv_file_import(resource_class=StateResource, data=data, file_name="states.csv")

    assert report.error_lines()[0].startswith("states.csv: file is not UTF-8: byte 0xFF at position 0")


def test_a_missing_folder_is_a_command_error():
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_fixtures", "/nonexistent/folder")
