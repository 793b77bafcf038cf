"""The Correlates of War state codes reader, on an excerpt of the real file (CRLF lines, repeated codes)."""

import io
from pathlib import Path

import pytest

from datasets.cow import read_cow_codes
from datasets.errors import FormatError

EXCERPT = Path(__file__).parent / "data" / "external" / "cow-country-codes-excerpt.csv"


def read(data: bytes):
    return read_cow_codes(io.BytesIO(data))


def with_line(data: bytes, number: int, new: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    lines[number - 1] = new + b"\r\n"
    return b"".join(lines)


def test_the_four_states_by_code_and_abbreviation():
    codes = read(EXCERPT.read_bytes())
    assert codes.errors == []
    assert [(codes[code].abbreviation, codes[code].name) for code in (365, 630, 710, 731)] == [
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("CHN", "China"),
        ("PRK", "North Korea"),
    ]
    assert codes.by_abbreviation("PRK").code == 731
    assert codes[731].line == 10


def test_a_repeated_code_is_one_state_listed_on_several_lines():
    codes = read(EXCERPT.read_bytes())
    assert len(codes) == 9  # 11 rows, two codes listed twice
    assert codes[255].lines == (3, 4)
    assert codes[740].lines == (11, 12)
    assert [state.code for state in codes.repeated] == [255, 740]
    assert [state.code for state in codes] == [2, 255, 260, 265, 365, 630, 710, 731, 740]


def test_a_repeat_that_differs_is_an_error_naming_both_lines():
    codes = read(with_line(EXCERPT.read_bytes(), 4, b"GMY,255,German Reich,1,"))
    (error,) = codes.errors
    assert (error.line, error.column, error.value) == (4, '3 "StateNme"', "German Reich")
    assert "differs from its listing on line 3 ('Germany')" in error.message
    assert codes[255].lines == (3,)


def test_an_abbreviation_of_two_codes_is_an_error():
    codes = read(with_line(EXCERPT.read_bytes(), 5, b"GMY,260,German Federal Republic,1,"))
    (error,) = codes.errors
    assert (error.line, error.column, error.value) == (5, '1 "StateAbb"', "GMY")
    assert "already the abbreviation of code 255 (line 3)" in error.message
    assert 260 not in codes


@pytest.mark.parametrize(
    ("row", "column", "value", "says"),
    [
        (b"RUS,36x,Russia,1,2", '2 "CCode"', "36x", "is not a whole number"),
        (b"Rus,365,Russia,1,2", '1 "StateAbb"', "Rus", "is not three capital letters"),
        (b"RUS,365,,1,2", '3 "StateNme"', "", "is empty"),
    ],
)
def test_a_malformed_value_names_line_column_and_value(row, column, value, says):
    codes = read(with_line(EXCERPT.read_bytes(), 7, row))
    (error,) = codes.errors
    assert (error.line, error.column, error.value) == (7, column, value)
    assert says in error.message
    assert 365 not in codes
    assert len(codes) == 8


def test_a_file_without_the_code_columns_is_refused():
    with pytest.raises(FormatError, match=r"^line 1: the header lacks the COW state codes file column\(s\) 'CCode'"):
        read(EXCERPT.read_bytes().replace(b"CCode", b"Code", 1))


def test_a_non_ascii_name_is_refused_naming_line_and_column():
    data = with_line(EXCERPT.read_bytes(), 8, "IRN,630,Irān,7,".encode())
    with pytest.raises(FormatError, match=r'^line 8: column 3 "StateNme": .* UTF-8'):
        read(data)
