"""The SIPRI-name and COW-code tables mapped to ISO 3166 (datasets/data/*.csv), the seed of the state names."""

import csv
import io
from pathlib import Path

import pycountry
import pytest

from datasets.sipri import TradeRegister
from datasets.state_names import (
    COW_CODES_CSV,
    FORMER_STATE,
    ISO_3166_1,
    ISO_3166_3,
    NON_STATE_ACTOR,
    ORGANISATION,
    SIPRI_NAMES_CSV,
    STATE,
    UNKNOWN,
    UNMAPPED,
    map_sipri_name,
    sipri_name_rows,
)

EXCERPT = Path(__file__).parent / "data" / "external" / "sipri-trade-register-excerpt.csv"
KINDS = {STATE, FORMER_STATE, NON_STATE_ACTOR, ORGANISATION, UNKNOWN, UNMAPPED}


def table(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def sipri_names():
    return {row["name"]: row for row in table(SIPRI_NAMES_CSV)}


@pytest.fixture(scope="module")
def cow_codes():
    return {int(row["ccode"]): row for row in table(COW_CODES_CSV)}


@pytest.mark.parametrize("path", [SIPRI_NAMES_CSV, COW_CODES_CSV], ids=["sipri", "cow"])
def test_every_code_is_an_iso_code_of_its_standard(path):
    for row in table(path):
        assert row["kind"] in KINDS, row
        if row["kind"] == STATE:
            assert row["iso_standard"] == ISO_3166_1, row
            assert pycountry.countries.get(alpha_3=row["iso_code"]).name == row["iso_name"], row
        elif row["kind"] == FORMER_STATE:
            assert row["iso_standard"] == ISO_3166_3, row
            assert pycountry.historic_countries.get(alpha_3=row["iso_code"]).name == row["iso_name"], row
        else:
            assert (row["iso_code"], row["iso_standard"], row["iso_name"]) == ("", "", ""), row
            assert row["note"], f"{row} says nothing about why it has no code"


def test_the_four_and_the_former_states_of_sipri(sipri_names):
    codes = {name: (row["kind"], row["iso_code"]) for name, row in sipri_names.items()}
    assert codes["Russia"] == (STATE, "RUS")
    assert codes["China"] == (STATE, "CHN")
    assert codes["Iran"] == (STATE, "IRN")
    assert codes["North Korea"] == (STATE, "PRK")
    assert codes["Soviet Union"] == (FORMER_STATE, "SUN")
    assert codes["Czechoslovakia"] == (FORMER_STATE, "CSK")
    assert codes["East Germany (GDR)"] == (FORMER_STATE, "DDR")
    assert codes["Yugoslavia"] == (FORMER_STATE, "YUG")
    assert codes["South Yemen"] == (FORMER_STATE, "YMD")
    assert codes["unknown supplier(s)"] == (UNKNOWN, "")
    assert codes["Houthi rebels (Yemen)*"] == (NON_STATE_ACTOR, "")
    assert codes["NATO**"] == (ORGANISATION, "")
    assert sorted(name for name, (kind, _) in codes.items() if kind == UNMAPPED) == [
        "Biafra",
        "Katanga",
        "Kosovo",
        "North Yemen",
        "Northern Cyprus",
        "South Vietnam",
        "Yemen Arab Republic (North Yemen)",
    ]


def test_no_two_sipri_names_share_a_code(sipri_names):
    by_code = {}
    for name, row in sipri_names.items():
        if row["iso_code"]:
            by_code.setdefault(row["iso_code"], []).append(name)
    assert {code: names for code, names in by_code.items() if len(names) > 1} == {}


def test_the_four_and_the_former_states_of_cow(cow_codes):
    codes = {code: (row["kind"], row["iso_code"]) for code, row in cow_codes.items()}
    assert [codes[code] for code in (365, 710, 630, 731)] == [
        (STATE, "RUS"),
        (STATE, "CHN"),
        (STATE, "IRN"),
        (STATE, "PRK"),
    ]
    assert [codes[code] for code in (265, 315, 345, 680)] == [
        (FORMER_STATE, "DDR"),
        (FORMER_STATE, "CSK"),
        (FORMER_STATE, "YUG"),
        (FORMER_STATE, "YMD"),
    ]
    assert codes[255] == codes[260] == (STATE, "DEU")
    assert "Soviet Union" in cow_codes[365]["note"]
    assert cow_codes[255]["listed"] == "2"
    assert (cow_codes[8152]["kind"], cow_codes[8152]["listed"]) == (UNMAPPED, "0")


def test_the_name_rows_count_each_names_deals_on_either_side():
    register = TradeRegister(io.BytesIO(EXCERPT.read_bytes()))
    rows = {row["name"]: row for row in sipri_name_rows(register)}
    assert (rows["Russia"]["as_supplier"], rows["Russia"]["as_recipient"], rows["Russia"]["deals"]) == (3, 2, 5)
    assert (rows["Soviet Union"]["kind"], rows["Soviet Union"]["iso_code"], rows["Soviet Union"]["deals"]) == (
        FORMER_STATE,
        "SUN",
        6,
    )
    assert sum(row["deals"] for row in rows.values()) == 2 * register.deal_count


def test_every_name_of_the_excerpt_is_in_the_table(sipri_names):
    register = TradeRegister(io.BytesIO(EXCERPT.read_bytes()))
    for row in sipri_name_rows(register):
        assert row["name"] in sipri_names
        assert int(sipri_names[row["name"]]["deals"]) >= row["deals"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Narnia", UNMAPPED), ("Narnian rebels*", NON_STATE_ACTOR), ("Narnian League**", ORGANISATION)],
)
def test_a_name_the_tables_do_not_know_is_never_guessed(name, kind):
    assert map_sipri_name(name).kind == kind
    assert map_sipri_name(name).iso_code == ""
