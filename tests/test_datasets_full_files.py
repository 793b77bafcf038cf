"""End to end: the readers on the full real files beside the repository (``<repo>/../shared/data/external``)."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from datasets.atop import AllianceFile, MemberFile
from datasets.cow import read_cow_codes
from datasets.sipri import TradeRegister
from datasets.state_names import COW_CODES_CSV, SIPRI_NAMES_CSV, cow_code_rows, sipri_name_rows

REPOSITORY = Path(__file__).resolve().parents[1]
EXTERNAL = REPOSITORY.parent / "shared" / "data" / "external"
SIPRI = EXTERNAL / "sipri-trade-register-2025-03-13.csv"
ALLIANCES = EXTERNAL / "atop-4.01-alliance-level.csv"
MEMBERS = EXTERNAL / "atop-4.01-member-level.csv"
COW = EXTERNAL / "cow-country-codes.csv"
THE_FOUR = {"China", "Iran", "North Korea", "Russia", "Soviet Union"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not EXTERNAL.is_dir(),
        reason=f"the full data files are not here ({EXTERNAL}: ../shared/data/external beside the repository)",
    ),
]


def as_text(rows: list[dict]) -> list[dict]:
    return [{key: str(value) for key, value in row.items()} for row in rows]


def committed(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_whole_sipri_register():
    with SIPRI.open("rb") as stream:
        register = TradeRegister(stream)
        between_the_four = Counter()
        keys = set()
        deals = 0
        for deal in register:
            deals += 1
            keys.add(deal.key)
            if deal.supplier in THE_FOUR and deal.recipient in THE_FOUR:
                between_the_four[deal.supplier, deal.recipient] += 1
    assert register.errors == []
    assert deals == register.deal_count == 29_515
    assert register.line_count == 29_531
    assert len(keys) == 29_515
    # Physical lines as awk's NR and sed count them (the 5433-5434 etc. are one higher).
    rejoined = [rejoin.lines for rejoin in register.rejoins]
    assert rejoined == [(5432, 5433), (21488, 21489), (25178, 25179), (27955, 27956)]
    assert sum(between_the_four.values()) == 460
    assert between_the_four["Iran", "Russia"] == 5
    assert between_the_four["North Korea", "Russia"] == 2
    assert register.export.generated_on.isoformat() == "2025-03-13"


def test_the_whole_atop_and_cow_files():
    with ALLIANCES.open("rb") as stream:
        alliance_file = AllianceFile(stream)
        alliances = {alliance.atopid: alliance for alliance in alliance_file}
    with MEMBERS.open("rb") as stream:
        member_file = MemberFile(stream)
        members = list(member_file)
    with COW.open("rb") as stream:
        codes = read_cow_codes(stream)
    assert alliance_file.errors == member_file.errors == codes.errors == []
    assert len(alliances) == 745
    assert len(members) == 2_398
    assert len({membership.key for membership in members}) == 2_398
    assert sum(alliance.in_force for alliance in alliances.values()) == 334
    china_korea = alliances[3445]
    assert (china_korea.members, china_korea.ends, china_korea.obligations.names()) == (
        (710, 731),
        None,
        ("defense", "nonagg"),
    )
    listed = {atopid: set(alliance.members) for atopid, alliance in alliances.items()}
    rows = {}
    for membership in members:
        rows.setdefault(membership.atopid, set()).add(membership.member)
    assert rows == listed
    assert (sum(len(state.lines) for state in codes), len(codes), len(codes.repeated)) == (243, 217, 26)
    assert {membership.member for membership in members} - set(codes.states) == {8152}


def test_the_committed_name_tables_are_what_the_full_files_give():
    with SIPRI.open("rb") as stream:
        sipri_rows = sipri_name_rows(TradeRegister(stream))
    with COW.open("rb") as stream:
        codes = read_cow_codes(stream)
    with MEMBERS.open("rb") as stream:
        cow_rows = cow_code_rows(codes, MemberFile(stream))
    assert as_text(sipri_rows) == committed(SIPRI_NAMES_CSV)
    assert as_text(cow_rows) == committed(COW_CODES_CSV)
    assert sum(row["deals"] for row in sipri_rows) == 2 * 29_515
