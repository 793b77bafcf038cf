"""The ATOP v4.01 readers (alliance level and member level), on excerpts of the real files."""

import io
from pathlib import Path

import pytest

from datasets.atop import AllianceFile, MemberFile
from datasets.dates import PartialDate
from datasets.errors import FormatError

DATA = Path(__file__).parent / "data" / "external"
ALLIANCES = DATA / "atop-alliance-level-excerpt.csv"
MEMBERS = DATA / "atop-member-level-excerpt.csv"


def read_alliances(data: bytes):
    alliances = AllianceFile(io.BytesIO(data))
    return alliances, list(alliances)


def read_members(data: bytes):
    members = MemberFile(io.BytesIO(data))
    return members, list(members)


def with_value(data: bytes, line: int, column: str, value: str) -> bytes:
    """The file with one cell of line ``line`` set to ``value`` (these files quote nothing)."""
    lines = data.splitlines(keepends=True)
    header = lines[0].rstrip(b"\r\n").split(b",")
    cells = lines[line - 1].rstrip(b"\r\n").split(b",")
    cells[header.index(column.encode())] = value.encode()
    lines[line - 1] = b",".join(cells) + b"\n"
    return b"".join(lines)


@pytest.fixture(scope="module")
def alliances():
    return read_alliances(ALLIANCES.read_bytes())


@pytest.fixture(scope="module")
def members():
    return read_members(MEMBERS.read_bytes())


def by_id(alliances, atopid):
    (alliance,) = [alliance for alliance in alliances if alliance.atopid == atopid]
    return alliance


def test_every_alliance_row_is_read_with_its_line(alliances):
    reader, rows = alliances
    assert reader.errors == []
    assert [(row.line, row.atopid) for row in rows] == [
        (2, 1035),
        (3, 1115),
        (4, 3015),
        (5, 3440),
        (6, 3445),
        (7, 4940),
        (8, 4968),
        (9, 4980),
    ]


def test_china_north_korea_1961_is_a_defence_and_non_aggression_pact_still_in_force(alliances):
    _, rows = alliances
    treaty = by_id(rows, 3445)
    assert treaty.begins == PartialDate(1961, 7, 11)
    assert treaty.ends is None
    assert treaty.in_force is True
    assert treaty.obligations.names() == ("defense", "nonagg")
    assert treaty.bilateral is True
    assert treaty.members == (710, 731)


def test_an_alliance_that_ended_has_its_end_date(alliances):
    _, rows = alliances
    treaty = by_id(rows, 3440)
    assert (treaty.begins, treaty.ends) == (PartialDate(1961, 7, 6), PartialDate(1996, 9, 10))
    assert treaty.in_force is False
    assert treaty.members == (365, 731)


def test_a_blank_day_is_an_unknown_day(alliances):
    _, rows = alliances
    assert by_id(rows, 1115).begins == PartialDate(1844, 6)
    assert by_id(rows, 1115).begins.precision == "month"
    assert by_id(rows, 1035).ends == PartialDate(1822, 12)
    assert by_id(rows, 1035).members == (200, 255, 300, 365)


def test_the_obligations_of_each_alliance(alliances):
    _, rows = alliances
    assert {row.atopid: row.obligations.names() for row in rows} == {
        1035: ("defense", "offense", "consul"),
        1115: ("consul",),
        3015: ("nonagg", "consul"),
        3440: ("defense", "nonagg"),
        3445: ("defense", "nonagg"),
        4940: ("consul",),
        4968: ("neutral", "nonagg", "consul"),
        4980: ("nonagg", "consul"),
    }


def test_every_member_row_is_read(members):
    reader, rows = members
    assert reader.errors == []
    assert len(rows) == 18
    china_korea = [(row.line, row.member, row.entry, row.exit, row.phase) for row in rows if row.atopid == 3445]
    assert china_korea == [
        (12, 710, PartialDate(1961, 7, 11), None, 0),
        (13, 731, PartialDate(1961, 7, 11), None, 0),
    ]


def test_a_member_that_left_and_rejoined_has_two_rows_with_distinct_keys(members):
    _, rows = members
    egypt = [row for row in rows if row.atopid == 3015]
    assert [(row.entry, row.exit) for row in egypt] == [
        (PartialDate(1945, 3, 22), PartialDate(1979, 3, 31)),
        (PartialDate(1989, 5, 22), None),
    ]
    assert [row.key for row in egypt] == ["3015|651|0|1945-03-22", "3015|651|0|1989-05-22"]


def test_member_rows_carry_their_own_dates_and_obligations(members):
    _, rows = members
    (russia_1844,) = [row for row in rows if row.atopid == 1115 and row.member == 365]
    assert (russia_1844.entry, russia_1844.exit) == (PartialDate(1844, 6), PartialDate(1846, 6, 29))
    assert russia_1844.obligations.names() == ("consul",)
    assert russia_1844.bilateral is True


# -- errors name line, column and value; the row is left out, the others still read ------------------------


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("begmo", "13", "month 13 does not exist"),
        ("begday", "31", "1961-06 has no day 31"),
        ("begyr", "0", "is zero; this date always has a year"),
        ("begyr", "19x1", "is not a whole number"),
        ("endday", "5", "is set although endyr is 0"),
        ("defense", "2", "is neither 0 nor 1"),
        ("ineffect", "0", "says not in force, but endyr is 0"),
        ("version", "5.0", "is not ATOP version 4.01"),
    ],
)
def test_a_malformed_alliance_value_names_line_column_and_value(column, value, says):
    data = ALLIANCES.read_bytes()
    if column == "begday":
        data = with_value(data, 6, "begmo", "6")
    reader, rows = read_alliances(with_value(data, 6, column, value))
    (error,) = reader.errors
    assert error.line == 6
    assert error.column.endswith(f'"{column}"')
    assert error.value == value
    assert says in error.message
    assert str(error).startswith(f"line 6: column {error.column}: value {value!r}: ")
    assert 3445 not in [row.atopid for row in rows]
    assert len(rows) == 7


def test_a_zero_month_and_a_blank_day_leave_the_year():
    reader, rows = read_members(with_value(MEMBERS.read_bytes(), 6, "moent", "0"))
    assert reader.errors == []
    assert rows[4].line == 6
    assert rows[4].entry == PartialDate(1844)


def test_a_day_without_a_month_is_an_error():
    reader, _ = read_members(with_value(MEMBERS.read_bytes(), 2, "moent", ""))
    (error,) = reader.errors
    assert (error.line, error.column.split()[1], error.value) == (2, '"dayent"', "20")
    assert "gives a day although moent gives no month" in error.message


def test_an_end_before_the_start_is_an_error():
    reader, rows = read_members(with_value(MEMBERS.read_bytes(), 10, "yrexit", "1960"))
    (error,) = reader.errors
    assert (error.line, error.column.split()[1], error.value) == (10, '"yrexit"', "1960")
    assert "before the start (1961-07-06)" in error.message
    assert len(rows) == 17


def test_an_end_while_said_in_force_is_an_error():
    reader, _ = read_alliances(with_value(ALLIANCES.read_bytes(), 5, "ineffect", "1"))
    (error,) = reader.errors
    assert (error.line, error.column.split()[1]) == (5, '"ineffect"')
    assert "says in force, but endyr gives an end (1996-09-10)" in error.message


def test_a_row_with_a_missing_field_is_an_error():
    lines = MEMBERS.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].rstrip(b"\n").rsplit(b",", 1)[0] + b"\n"
    reader, rows = read_members(b"".join(lines))
    (error,) = reader.errors
    assert (error.line, error.column) == (4, '105 "version"')
    assert "the record has 104 fields, the header 105" in error.message
    assert len(rows) == 17


def test_a_header_without_a_needed_column_is_refused():
    data = ALLIANCES.read_bytes().replace(b",defense,", b",defence,", 1)
    message = r"^line 1: the header lacks the ATOP alliance-level file column\(s\) 'defense'"
    with pytest.raises(FormatError, match=message):
        AllianceFile(io.BytesIO(data))


def test_a_member_file_is_not_an_alliance_file():
    with pytest.raises(FormatError, match=r"^line 1: the header lacks .* 'begyr', 'begmo', 'begday'"):
        AllianceFile(io.BytesIO(MEMBERS.read_bytes()))


def test_a_non_ascii_byte_is_refused_naming_line_and_column():
    data = with_value(ALLIANCES.read_bytes(), 3, "begday", "\xe9").replace(b"\xc3\xa9", b"\xe9")
    with pytest.raises(FormatError, match=r'^line 3: column 6 "begday": byte 0xE9 is not ascii'):
        list(AllianceFile(io.BytesIO(data)))
