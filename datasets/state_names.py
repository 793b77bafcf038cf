"""SIPRI supplier/recipient names and COW state codes mapped to ISO 3166 codes.

The result is the seed of the state names table the importers will resolve names
through (``data/sipri_names.csv``, ``data/cow_codes.csv``). It is written by

    python -m datasets.state_names SIPRI_FILE COW_FILE ATOP_MEMBER_FILE

which reads the three files with this package's readers and counts each name's deals
and each code's ATOP member rows. A name or code maps to one of these kinds:

- ``state``: an ISO 3166-1 alpha-3 code, by pycountry's exact lookup of the name or by
  the explicit tables below (checked by hand, never by fuzzy matching);
- ``former_state``: a state that no longer exists, by its former alpha-3 code in ISO
  3166-3 (``SUN``, ``CSK``, ``DDR``, ``YUG``, ``YMD``);
- ``non_state_actor`` and ``organisation``: SIPRI marks armed non-state actors with a
  trailing ``*`` and international organisations with ``**`` (read off the names; the
  file's preamble does not say so);
- ``unknown``: SIPRI's ``unknown supplier(s)``, ``unknown recipient(s)``, ``unknown rebel group*``;
- ``unmapped``: a state-like name or code with no ISO code of its own (the note says why).

A ``note`` records where the name and the code do not cover the same thing (Germany
before 1990, COW 365 for the Soviet Union, ...): the importer must read those by date.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"
SIPRI_NAMES_CSV = DATA_DIR / "sipri_names.csv"
COW_CODES_CSV = DATA_DIR / "cow_codes.csv"

STATE, FORMER_STATE, NON_STATE_ACTOR, ORGANISATION, UNKNOWN, UNMAPPED = (
    "state",
    "former_state",
    "non_state_actor",
    "organisation",
    "unknown",
    "unmapped",
)
ISO_3166_1, ISO_3166_3 = "ISO 3166-1", "ISO 3166-3"

NO_ISO_CODE_OF_ITS_OWN = "no ISO 3166 code of its own"

# SIPRI names that pycountry's exact lookup does not find, checked one by one.
SIPRI_CODES = {
    "Bosnia-Herzegovina": "BIH",
    "Brunei": "BRN",
    "Cote d'Ivoire": "CIV",
    "DR Congo": "COD",
    "Palestine": "PSE",
    "Russia": "RUS",
    "Saint Vincent": "VCT",
    "Turkiye": "TUR",
    "UAE": "ARE",
}
SIPRI_FORMER_STATES = {
    "Soviet Union": "SUN",
    "Czechoslovakia": "CSK",
    "East Germany (GDR)": "DDR",
    "Yugoslavia": "YUG",
    "South Yemen": "YMD",
}
SIPRI_UNKNOWN = {"unknown supplier(s)", "unknown recipient(s)", "unknown rebel group*"}
SIPRI_UNMAPPED = {
    "North Yemen": f"the Yemen Arab Republic until 1990; {NO_ISO_CODE_OF_ITS_OWN} (YEM is now unified Yemen's)",
    "Yemen Arab Republic (North Yemen)": (
        f"SIPRI's name for North Yemen in deals of 1966-1968 (the others say 'North Yemen'); {NO_ISO_CODE_OF_ITS_OWN}"
    ),
    "South Vietnam": f"the Republic of Vietnam until 1975; {NO_ISO_CODE_OF_ITS_OWN} (VNM is now Viet Nam's)",
    "Biafra": f"secessionist state in Nigeria, 1967-1970; {NO_ISO_CODE_OF_ITS_OWN}",
    "Katanga": f"secessionist state in Congo, 1960-1963; {NO_ISO_CODE_OF_ITS_OWN}",
    "Kosovo": "no ISO 3166-1 code (XKX is a user-assigned code, not ISO's)",
    "Northern Cyprus": f"recognised by Turkey only; {NO_ISO_CODE_OF_ITS_OWN}",
}
SIPRI_NOTES = {
    "Soviet Union": "successor RUS; deals delivered after the break-up are listed under Russia",
    "Russia": "includes deals ordered from the Soviet Union and delivered after its break-up (orders from 1970 on)",
    "Czechoslovakia": "successors CZE and SVK",
    "East Germany (GDR)": "joined DEU in 1990",
    "Yugoslavia": "SIPRI lists it for orders up to 1991; later deals are under its successors",
    "South Yemen": "merged into YEM in 1990",
    "Germany": "includes the Federal Republic (West Germany) before 1990, whose code DEU was",
    "Serbia": "includes FR Yugoslavia / Serbia and Montenegro (ISO YUG to 2003, then SCG) and Yugoslav orders "
    "delivered after 1991",
    "Viet Nam": "includes North Vietnam before 1976 (ISO 3166-3 VDR); South Vietnam is listed separately",
    "Yemen": "unified Yemen (from 1990)",
    "Taiwan": "ISO 3166-1 names it 'Taiwan, Province of China'",
    "Western Sahara": "ESH is the territory; SIPRI's comments name the recipient as Sahrawi forces (POLISARIO)",
    "Aruba": "a country within the Kingdom of the Netherlands, not a sovereign state",
    "Palestine": "ISO 3166-1 'Palestine, State of'",
}

# COW codes whose names pycountry's exact lookup does not find (or finds for another period).
COW_CODES = {
    56: "LCA",
    57: "VCT",
    58: "ATG",
    60: "KNA",
    260: "DEU",
    343: "MKD",
    365: "RUS",
    402: "CPV",
    437: "CIV",
    490: "COD",
    572: "SWZ",
    640: "TUR",
    835: "BRN",
    860: "TLS",
}
COW_FORMER_STATES = {265: "DDR", 315: "CSK", 345: "YUG", 680: "YMD"}
NINETEENTH_CENTURY = f"19th-century state; {NO_ISO_CODE_OF_ITS_OWN}"
COW_UNMAPPED = {
    240: NINETEENTH_CENTURY,
    245: NINETEENTH_CENTURY,
    267: NINETEENTH_CENTURY,
    269: NINETEENTH_CENTURY,
    271: NINETEENTH_CENTURY,
    273: NINETEENTH_CENTURY,
    275: NINETEENTH_CENTURY,
    280: NINETEENTH_CENTURY,
    300: f"Austria-Hungary, until 1918; {NO_ISO_CODE_OF_ITS_OWN}",
    327: NINETEENTH_CENTURY,
    329: NINETEENTH_CENTURY,
    332: NINETEENTH_CENTURY,
    335: NINETEENTH_CENTURY,
    337: NINETEENTH_CENTURY,
    347: "no ISO 3166-1 code (XKX is a user-assigned code, not ISO's)",
    511: f"merged into Tanzania in 1964; {NO_ISO_CODE_OF_ITS_OWN}",
    678: f"North Yemen until 1990; {NO_ISO_CODE_OF_ITS_OWN} (YEM is now unified Yemen's, COW 679)",
    730: f"Korea before Japanese rule; {NO_ISO_CODE_OF_ITS_OWN}",
    817: f"South Vietnam until 1975; {NO_ISO_CODE_OF_ITS_OWN}",
}
COW_NOTES = {
    365: "COW 365 is Russia in every period: the Soviet Union (ISO 3166-3 SUN) from 1922 to 1991 "
    "and the Russian Empire before; read ATOP dates to tell them apart",
    255: "Germany before 1945 and from 1990; West Germany is 260, East Germany 265",
    260: "West Germany until 1990; ISO's DEU was its code and continued after unification",
    265: "joined DEU in 1990",
    315: "successors CZE (316) and SVK (317)",
    345: "the file's name is Yugoslavia; COW 345 also covers FR Yugoslavia / Serbia and Montenegro "
    "(ISO SCG from 2003) and Serbia (SRB)",
    680: "South Yemen; merged into YEM in 1990",
    679: "COW 679 is unified Yemen (from 1990); North Yemen is 678",
    710: "COW 710 includes China before 1949; Taiwan is 713",
    713: "ISO 3166-1 names it 'Taiwan, Province of China'",
    816: "includes North Vietnam before 1976 (ISO 3166-3 VDR)",
}


@dataclass(frozen=True)
class Mapping:
    kind: str
    iso_code: str = ""
    iso_standard: str = ""
    iso_name: str = ""
    note: str = ""


def iso_state(code: str, note: str = "") -> Mapping:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise LookupError(f"{code} is not an ISO 3166-1 alpha-3 code")
    return Mapping(STATE, code, ISO_3166_1, country.name, note)


def iso_former_state(code: str, note: str = "") -> Mapping:
    country = pycountry.historic_countries.get(alpha_3=code)
    if country is None:
        raise LookupError(f"{code} is not a former alpha-3 code in ISO 3166-3")
    return Mapping(FORMER_STATE, code, ISO_3166_3, country.name, note)


def _by_name(name: str, note: str) -> Mapping | None:
    try:
        country = pycountry.countries.lookup(name)
    except LookupError:
        return None
    return iso_state(country.alpha_3, note)


def map_sipri_name(name: str) -> Mapping:
    """What a SIPRI supplier or recipient name stands for (see the module docstring)."""
    note = SIPRI_NOTES.get(name, "")
    if name in SIPRI_UNKNOWN:
        return Mapping(UNKNOWN, note="SIPRI does not name it")
    if name in SIPRI_FORMER_STATES:
        return iso_former_state(SIPRI_FORMER_STATES[name], note)
    if name in SIPRI_UNMAPPED:
        return Mapping(UNMAPPED, note=SIPRI_UNMAPPED[name])
    if name.endswith("**"):
        return Mapping(ORGANISATION, note="international organisation (SIPRI's **)")
    if name.endswith("*"):
        return Mapping(NON_STATE_ACTOR, note="non-state actor (SIPRI's *)")
    if name in SIPRI_CODES:
        return iso_state(SIPRI_CODES[name], note)
    return _by_name(name, note) or Mapping(UNMAPPED, note="not found in ISO 3166")


def map_cow_code(code: int, name: str) -> Mapping:
    """What a COW state code stands for, by its code first and then by the file's name."""
    note = COW_NOTES.get(code, "")
    if code in COW_FORMER_STATES:
        return iso_former_state(COW_FORMER_STATES[code], note)
    if code in COW_UNMAPPED:
        return Mapping(UNMAPPED, note=COW_UNMAPPED[code])
    if code in COW_CODES:
        return iso_state(COW_CODES[code], note)
    return _by_name(name, note) or Mapping(UNMAPPED, note="not found in ISO 3166")


def sipri_name_rows(deals: Iterable) -> list[dict]:
    """One row per distinct supplier or recipient name of ``deals``, with its deal counts."""
    as_supplier: Counter[str] = Counter()
    as_recipient: Counter[str] = Counter()
    for deal in deals:
        as_supplier[deal.supplier] += 1
        as_recipient[deal.recipient] += 1
    rows = []
    for name in sorted(as_supplier.keys() | as_recipient.keys(), key=str.casefold):
        rows.append(
            {
                "name": name,
                "deals": as_supplier[name] + as_recipient[name],
                "as_supplier": as_supplier[name],
                "as_recipient": as_recipient[name],
                **asdict(map_sipri_name(name)),
            }
        )
    return rows


def cow_code_rows(states: Iterable, atop_members: Iterable = ()) -> list[dict]:
    """One row per COW code (and per code ATOP uses that the COW list lacks), with ATOP member-row counts."""
    used: Counter[int] = Counter(membership.member for membership in atop_members)
    rows = []
    for state in states:
        rows.append(
            {
                "ccode": state.code,
                "abbreviation": state.abbreviation,
                "name": state.name,
                "listed": len(state.lines),
                "atop_member_rows": used.pop(state.code, 0),
                **asdict(map_cow_code(state.code, state.name)),
            }
        )
    for code, count in sorted(used.items()):
        rows.append(
            {
                "ccode": code,
                "abbreviation": "",
                "name": "",
                "listed": 0,
                "atop_member_rows": count,
                **asdict(Mapping(UNMAPPED, note="used by ATOP, not in the COW codes file")),
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    from .atop import MemberFile
    from .cow import read_cow_codes
    from .sipri import TradeRegister

    if len(argv) != 3:
        print("usage: python -m datasets.state_names SIPRI_FILE COW_FILE ATOP_MEMBER_FILE", file=sys.stderr)
        return 2
    sipri_path, cow_path, atop_path = map(Path, argv)
    with sipri_path.open("rb") as stream:
        register = TradeRegister(stream)
        sipri_rows = sipri_name_rows(register)
    with cow_path.open("rb") as stream:
        codes = read_cow_codes(stream)
    with atop_path.open("rb") as stream:
        members = MemberFile(stream)
        cow_rows = cow_code_rows(codes, members)
    problems = [*register.errors, *codes.errors, *members.errors]
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    write_csv(SIPRI_NAMES_CSV, sipri_rows)
    write_csv(COW_CODES_CSV, cow_rows)
    for label, rows in (("SIPRI names", sipri_rows), ("COW codes", cow_rows)):
        kinds = Counter(row["kind"] for row in rows)
        print(f"{label}: {len(rows)}: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
