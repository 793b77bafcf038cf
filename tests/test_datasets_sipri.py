"""The SIPRI trade register reader, on an excerpt of the real 13 Mar 2025 export (tests/data/external)."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest

from datasets.errors import FormatError
from datasets.sipri import COLUMNS, TradeRegister, content_key

EXCERPT = Path(__file__).parent / "data" / "external" / "sipri-trade-register-excerpt.csv"
THE_FOUR = {"China", "Iran", "North Korea", "Russia", "Soviet Union"}


def excerpt_bytes() -> bytes:
    return EXCERPT.read_bytes()


def read(data: bytes) -> tuple[TradeRegister, list]:
    register = TradeRegister(io.BytesIO(data))
    return register, list(register)


def with_line(data: bytes, number: int, old: bytes, new: bytes) -> bytes:
    """The excerpt with ``old`` replaced by ``new`` in line ``number`` (1-based)."""
    lines = data.splitlines(keepends=True)
    assert old in lines[number - 1], f"{old!r} is not in line {number}"
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return b"".join(lines)


@pytest.fixture(scope="module")
def excerpt():
    return read(excerpt_bytes())


def deal_at(deals, line):
    (deal,) = [deal for deal in deals if deal.line == line]
    return deal


def test_the_preamble_gives_the_export_date_and_the_attribution(excerpt):
    register, _ = excerpt
    export = register.export
    assert export.generated_on == datetime.date(2025, 3, 13)
    assert export.generated_at == datetime.datetime(2025, 3, 13, 10, 2, 49)
    assert export.attribution == "Source: SIPRI Arms Transfers Database (c) SIPRI."
    assert export.title.startswith("Transfers of major conventional arms from All countries")
    assert len(export.preamble) == 11
    assert export.header_line == 12


def test_every_record_is_a_deal_in_file_order_with_its_lines(excerpt):
    register, deals = excerpt
    assert register.errors == []
    assert [deal.lines for deal in deals] == [
        (13,),
        (14,),
        (15,),
        (16,),
        (17,),
        (18,),
        (19,),
        (20,),
        (21,),
        (22,),
        (23, 24),
        (25,),
        (26,),
        (27,),
        (28,),
        (29, 30),
        (31,),
        (32,),
        (33,),
    ]
    assert register.deal_count == 19
    assert register.line_count == 33


def test_a_deal_has_every_column_as_a_python_value(excerpt):
    _, deals = excerpt
    shahed = deal_at(deals, 28)
    assert (shahed.recipient, shahed.supplier) == ("Russia", "Iran")
    assert (shahed.year_of_order, shahed.year_of_order_uncertain) == (2022, False)
    assert (shahed.number_ordered, shahed.number_ordered_uncertain) == (6600, True)
    assert (shahed.designation, shahed.description) == ("Shahed-136", "one-way attack drone")
    assert (shahed.number_delivered, shahed.number_delivered_uncertain) == (4600, False)
    assert shahed.delivery_years == (2022, 2023, 2024)
    assert shahed.status == "New"
    assert shahed.comments.startswith("Bought for use against Ukraine; Russian designation Geran-2;")
    assert (shahed.tiv_per_unit, shahed.tiv_total_order, shahed.tiv_delivered) == (
        Decimal("0.1"),
        Decimal("660"),
        Decimal("460"),
    )
    assert shahed.text.startswith("Russia,Iran,2022,,6600,?,Shahed-136,one-way attack drone,4600,,2022; 2023; 2024,")


def test_an_empty_number_ordered_is_none_not_zero(excerpt):
    _, deals = excerpt
    hwasong = deal_at(deals, 27)
    assert (hwasong.supplier, hwasong.designation) == ("North Korea", "Hwasong-11")
    assert hwasong.number_ordered is None
    assert hwasong.year_of_order_uncertain is True
    assert hwasong.number_delivered == 100
    assert hwasong.delivery_years == (2023, 2024)


def test_a_question_mark_in_each_uncertain_column_is_read(excerpt):
    _, deals = excerpt
    an26 = deal_at(deals, 16)
    assert (an26.year_of_order_uncertain, an26.number_ordered_uncertain, an26.number_delivered_uncertain) == (
        True,
        True,
        True,
    )
    super_tucano = deal_at(deals, 13)
    assert (
        super_tucano.year_of_order_uncertain,
        super_tucano.number_ordered_uncertain,
        super_tucano.number_delivered_uncertain,
    ) == (False, False, False)


def test_deliveries_over_many_years_become_a_list_of_years(excerpt):
    _, deals = excerpt
    malyutka = deal_at(deals, 15)
    assert malyutka.delivery_years == tuple(range(1979, 1991))
    assert deal_at(deals, 23).delivery_years == ()


def test_the_cp1252_bytes_are_decoded(excerpt):
    assert b"Santa F\xe9," in excerpt_bytes()
    _, deals = excerpt
    guppy = deal_at(deals, 20)
    assert guppy.comments == "Second-hand; Argentine designation Santa Fé"
    assert "Santa Fé" in guppy.text


def test_unknown_suppliers_and_the_soviet_union_are_read_as_named(excerpt):
    _, deals = excerpt
    assert deal_at(deals, 25).supplier == "unknown supplier(s)"
    assert [deal.line for deal in deals if deal.supplier == "Soviet Union"] == [14, 15, 16, 18, 22, 32]


def test_deals_between_the_four_can_be_picked_out(excerpt):
    _, deals = excerpt
    pairs = [(deal.supplier, deal.recipient) for deal in deals if {deal.supplier, deal.recipient} <= THE_FOUR]
    assert pairs == [
        ("Russia", "China"),
        ("Soviet Union", "China"),
        ("North Korea", "Iran"),
        ("North Korea", "Russia"),
        ("Iran", "Russia"),
    ]


def test_a_deal_broken_across_two_lines_is_rejoined_and_reported(excerpt):
    register, deals = excerpt
    assert [(rejoin.lines, rejoin.column) for rejoin in register.rejoins] == [
        ((23, 24), '13 "Comments"'),
        ((29, 30), '13 "Comments"'),
    ]
    assert str(register.rejoins[0]) == 'lines 23-24: a line break inside column 13 "Comments" split one deal; rejoined'
    engine = deal_at(deals, 23)
    assert engine.comments == "Cummins (275hp) diesel engine for 12 Puma M-36 APC from South Africa"
    assert (engine.tiv_per_unit, engine.tiv_total_order, engine.tiv_delivered) == (
        Decimal("0.03"),
        Decimal("0.36"),
        Decimal("0"),
    )
    assert engine.text.endswith("from South Africa\n,0.03,0.36,0")
    # The second break ends in CR LF: the CR is not part of the comment.
    btr = deal_at(deals, 29)
    assert btr.comments.endswith("redesign for other engines")
    assert (btr.tiv_per_unit, btr.tiv_total_order, btr.tiv_delivered) == (
        Decimal("0.25"),
        Decimal("3.5"),
        Decimal("3.25"),
    )


def test_content_keys_count_identical_deals_in_file_order(excerpt):
    _, deals = excerpt
    first, second = deal_at(deals, 17), deal_at(deals, 19)
    assert (first.key, first.occurrence) == ("Russia|Afghanistan|2013|Mi-17|1", 1)
    assert (second.key, second.occurrence) == ("Russia|Afghanistan|2013|Mi-17|2", 2)
    assert deal_at(deals, 28).key == "Iran|Russia|2022|Shahed-136|1"
    assert len({deal.key for deal in deals}) == len(deals)
    _, again = read(excerpt_bytes())
    assert [deal.key for deal in again] == [deal.key for deal in deals]


def test_the_content_key_ignores_stray_whitespace_and_escapes_its_separator(excerpt):
    _, deals = excerpt
    skorpion = deal_at(deals, 18)
    assert skorpion.designation == "Fleyta/Skorpion "  # kept as in the file
    assert skorpion.key == "Soviet Union|Afghanistan|1980|Fleyta/Skorpion|1"
    key = content_key(supplier="A|B", recipient=" C  D ", year_of_order=1990, designation="x\\y", occurrence=3)
    assert key == "A\\|B|C D|1990|x\\\\y|3"


def test_reading_twice_from_one_register_is_refused():
    register, _ = read(excerpt_bytes())
    with pytest.raises(RuntimeError, match="read once"):
        list(register)


# -- malformed values: an error naming line, column and value; the other deals still read ----------------


@pytest.mark.parametrize(
    ("line", "old", "new", "column", "says"),
    [
        (13, b"Brazil,2017,", b"Brazil,20l7,", '3 "Year of order"', "is not a year"),
        (13, b"Brazil,2017,", b"Brazil,2031,", '3 "Year of order"', "after the export (2025-03-13)"),
        (13, b"Brazil,2017,,6,", b"Brazil,2017,!,6,", '4 "? of Year of order"', "neither empty nor '?'"),
        (13, b"2017,,6,,", b"2017,,6.5,,", '5 "Number ordered"', "not a whole number"),
        (13, b"aircraft,6,,2018,", b"aircraft,6,,2018;2019,", '11 "Year(s) of delivery"', "'2018;2019' is not a year"),
        (13, b",4.5,27,27", b",4.5,n/a,27", '15 "SIPRI TIV for total order"', "not a number"),
        (13, b"Afghanistan,Brazil,", b",Brazil,", '1 "Recipient"', "is empty"),
    ],
)
def test_a_malformed_value_is_an_error_naming_line_column_and_value(line, old, new, column, says):
    register, deals = read(with_line(excerpt_bytes(), line, old, new))
    (error,) = register.errors
    assert (error.line, error.column) == (line, column)
    assert says in error.message
    assert str(error).startswith(f"line {line}: column {column}: value ")
    assert line not in [deal.line for deal in deals]
    assert len(deals) == 18


def test_an_error_after_a_rejoined_line_break_names_the_second_line():
    register, deals = read(with_line(excerpt_bytes(), 24, b",0.03,", b",0.0x,"))
    (error,) = register.errors
    assert (error.line, error.column, error.value) == (24, '14 "SIPRI TIV per unit"', "0.0x")
    assert len(deals) == 18


def test_several_bad_values_of_one_deal_are_all_reported():
    data = with_line(excerpt_bytes(), 16, b"1976,?,36,?,", b"1976,x,3y,?,")
    register, deals = read(data)
    assert [(error.line, error.column, error.value) for error in register.errors] == [
        (16, '4 "? of Year of order"', "x"),
        (16, '5 "Number ordered"', "3y"),
    ]
    assert 16 not in [deal.line for deal in deals]


def test_a_truncated_line_is_an_error_and_the_next_deal_still_reads():
    data = with_line(excerpt_bytes(), 14, b",1987,New,,8.5,25.5,25.5", b"")
    register, deals = read(data)
    (error,) = register.errors
    assert error.line == 14
    assert error.column == '11 "Year(s) of delivery"'
    assert "ends after 10 of the header's 16 fields" in error.message
    assert error.value == "Afghanistan,Soviet Union,1987,?,3,,An-26,transport aircraft,3,"
    assert 15 in [deal.line for deal in deals]
    assert len(deals) == 18


def test_a_file_cut_off_inside_its_last_deal_is_an_error():
    data = excerpt_bytes()
    register, deals = read(data[: data.rindex(b",0.3,3,3")])
    (error,) = register.errors
    assert (error.line, error.column) == (33, '14 "SIPRI TIV per unit"')
    assert len(deals) == 18


def test_a_record_with_too_many_fields_is_an_error():
    register, deals = read(with_line(excerpt_bytes(), 31, b",1.5,1.5\n", b",1.5,1.5,9\n"))
    (error,) = register.errors
    assert (error.line, error.column, error.value) == (31, "17 (beyond the header)", "9")
    assert len(deals) == 18


# -- not the format: refused before any deal is read ------------------------------------------------------


def test_a_utf8_file_is_refused_naming_the_line_and_column():
    data = excerpt_bytes().decode("cp1252").encode("utf-8")
    with pytest.raises(FormatError) as raised:
        read(data)
    assert raised.value.line == 20
    message = str(raised.value)
    assert message.startswith('line 20: column 13 "Comments": ')
    assert "UTF-8" in message and "cp1252" in message


def test_a_byte_cp1252_lacks_is_refused_naming_the_line():
    with pytest.raises(FormatError, match=r'^line 13: column 13 "Comments": byte 0x81 is not cp1252'):
        read(with_line(excerpt_bytes(), 13, b"A-29B version", b"A-29B \x81version"))


def test_a_header_with_a_named_question_mark_column_is_refused_naming_it():
    data = with_line(excerpt_bytes(), 12, b"Year of order, ,", b"Year of order,?,")
    with pytest.raises(FormatError) as raised:
        read(data)
    assert str(raised.value) == (
        "line 12: the header is not the SIPRI trade register's: "
        "column 4 is '?' where it should be ' ' (? of Year of order)"
    )


def test_a_header_missing_a_column_is_refused_naming_the_first_difference():
    data = with_line(excerpt_bytes(), 12, b",status,", b",")
    with pytest.raises(FormatError) as raised:
        read(data)
    message = str(raised.value)
    assert message.startswith("line 12: the header is not the SIPRI trade register's: ")
    assert "column 12 is 'Comments' where it should be 'status'" in message
    assert "column 16 'SIPRI TIV of delivered weapons' (SIPRI TIV of delivered weapons) is missing" in message


def test_another_file_is_refused_at_its_first_line():
    atop = (EXCERPT.parent / "atop-alliance-level-excerpt.csv").read_bytes()
    with pytest.raises(FormatError, match=r"^line 1: 'atopid,cowid,.*is not how a SIPRI trade register export starts"):
        read(atop)


def test_an_unreadable_export_date_is_refused():
    data = with_line(excerpt_bytes(), 11, b"13 Mar 2025", b"13 Mrz 2025")
    with pytest.raises(FormatError, match=r"^line 11: 'Data generated: 13 Mrz 2025 10:02:49 AM' does not give"):
        read(data)


def test_a_preamble_without_the_attribution_is_refused():
    data = with_line(excerpt_bytes(), 10, b"Source: SIPRI", b"SIPRI")
    with pytest.raises(FormatError, match=r"^line 11: the preamble has no attribution line"):
        read(data)


def test_a_file_opened_as_text_is_refused():
    with EXCERPT.open(encoding="cp1252") as stream, pytest.raises(TypeError, match="binary mode"):
        TradeRegister(stream)


def test_the_header_constant_is_the_files_header():
    header = excerpt_bytes().splitlines()[11].decode("cp1252")
    assert tuple(header.split(",")) == COLUMNS
