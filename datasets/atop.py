"""Readers of the Alliance Treaty Obligations and Provisions (ATOP) v4.01 data, alliance and member level.

The files are plain ASCII CSV with a header line (141 columns at alliance level, 105 at
member level); only the columns below are read, and the header must have them.

Dates come as three columns (year, month, day). A zero or blank month or day means that
part is unknown, so a date is a ``PartialDate`` at the precision given (year, year-month
or day). A zero year of end or exit means "still in force at the data's end" (the end of
2016 for this release, ``DATA_END_YEAR``) and reads as ``None``; it must then have no
month or day, and ``ineffect`` must say 1 (and 0 otherwise). A begin or entry always has
a year. An end before its begin, a day without a month, a month or day that does not
exist, and a ``version`` other than 4.01 are errors naming line, column and value.

    with open(path, "rb") as stream:
        alliances = AllianceFile(stream)
        for alliance in alliances:
            ...
    alliances.errors                          # complete once the loop has ended
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from .dates import PartialDate
from .table import CsvTable, Record

ENCODING = "ascii"
VERSION = Decimal("4.01")
# The last year the data covers (README of the data folder): "still in force" means at its end.
DATA_END_YEAR = 2016
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
ALLIANCE_COLUMNS = (
    "atopid",
    "begyr",
    "begmo",
    "begday",
    "endyr",
    "endmo",
    "endday",
    "ineffect",
    "bilat",
    "maxphase",
    *OBLIGATIONS,
    "version",
    "mem1",
)
MEMBER_COLUMNS = (
    "atopid",
    "member",
    "yrent",
    "moent",
    "dayent",
    "yrexit",
    "moexit",
    "dayexit",
    "ineffect",
    "bilat",
    "phase",
    *OBLIGATIONS,
    "version",
)
_MEMBER_COLUMN_RE = re.compile(r"mem([0-9]+)\Z")
# The alliance-level file stores 4.01 as a single-precision float ("4.0100002").
_VERSION_TOLERANCE = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Obligations:
    """The five obligations ATOP codes, each 0/1 in the file."""

    defense: bool
    offense: bool
    neutral: bool
    nonagg: bool  # non-aggression
    consul: bool  # consultation

    def names(self) -> tuple[str, ...]:
        """The obligations that hold, by their ATOP column names."""
        return tuple(name for name in OBLIGATIONS if getattr(self, name))


@dataclass(frozen=True, slots=True)
class Alliance:
    """One row of the alliance-level file."""

    line: int
    atopid: int
    begins: PartialDate
    ends: PartialDate | None  # None: still in force at the data's end
    obligations: Obligations
    bilateral: bool
    max_phase: int  # 0: the terms never changed
    members: tuple[int, ...]  # COW codes (mem1, mem2, ...), as listed

    @property
    def in_force(self) -> bool:
        return self.ends is None


@dataclass(frozen=True, slots=True)
class Membership:
    """One row of the member-level file: a member state in one phase of an alliance."""

    line: int
    atopid: int
    member: int  # COW state code (ATOP also uses codes the COW list lacks)
    entry: PartialDate
    exit: PartialDate | None  # None: still a member at the data's end
    phase: int  # 0: the alliance has one phase
    obligations: Obligations
    bilateral: bool

    @property
    def key(self) -> str:
        """``atopid|member|phase|entry``: a member can leave and rejoin within one phase (3 rows in v4.01)."""
        return f"{self.atopid}|{self.member}|{self.phase}|{self.entry.value}"


class AllianceFile:
    """The alliances of an ATOP v4.01 alliance-level file, read once, in file order."""

    def __init__(self, stream: BinaryIO):
        self._table = CsvTable(
            stream, encoding=ENCODING, format_name="ATOP alliance-level file", required=ALLIANCE_COLUMNS
        )
        numbered = {int(match[1]): name for name in self._table.columns if (match := _MEMBER_COLUMN_RE.match(name))}
        self._member_columns = [numbered[number] for number in sorted(numbered)]

    @property
    def errors(self):
        return self._table.errors

    @property
    def line_count(self) -> int:
        return self._table.line_count

    def __iter__(self) -> Iterator[Alliance]:
        for record in self._table:
            atopid = record.integer("atopid")
            begins = _date(record, "begyr", "begmo", "begday", open_end=False)
            ends = _date(record, "endyr", "endmo", "endday", open_end=True)
            _check_in_force(record, ends, "endyr")
            _check_order(record, begins, ends, "endyr")
            obligations = _obligations(record)
            bilateral = record.flag("bilat")
            max_phase = record.integer("maxphase")
            members = tuple(
                code
                for code in (record.integer(name, blank_allowed=True) for name in self._member_columns)
                if code is not None
            )
            _check_version(record)
            if record.problems:
                continue
            yield Alliance(
                line=record.line,
                atopid=atopid,
                begins=begins,
                ends=ends,
                obligations=obligations,
                bilateral=bilateral,
                max_phase=max_phase,
                members=members,
            )


class MemberFile:
    """The member rows of an ATOP v4.01 member-level file, read once, in file order."""

    def __init__(self, stream: BinaryIO):
        self._table = CsvTable(stream, encoding=ENCODING, format_name="ATOP member-level file", required=MEMBER_COLUMNS)

    @property
    def errors(self):
        return self._table.errors

    @property
    def line_count(self) -> int:
        return self._table.line_count

    def __iter__(self) -> Iterator[Membership]:
        for record in self._table:
            atopid = record.integer("atopid")
            member = record.integer("member")
            entry = _date(record, "yrent", "moent", "dayent", open_end=False)
            exit_ = _date(record, "yrexit", "moexit", "dayexit", open_end=True)
            _check_in_force(record, exit_, "yrexit")
            _check_order(record, entry, exit_, "yrexit")
            obligations = _obligations(record)
            bilateral = record.flag("bilat")
            phase = record.integer("phase")
            _check_version(record)
            if record.problems:
                continue
            yield Membership(
                line=record.line,
                atopid=atopid,
                member=member,
                entry=entry,
                exit=exit_,
                phase=phase,
                obligations=obligations,
                bilateral=bilateral,
            )


def _date(record: Record, year_column: str, month_column: str, day_column: str, *, open_end: bool):
    """The partial date of three columns; ``None`` for a zero year where ``open_end`` allows it."""
    before = record.problems
    year = record.integer(year_column)
    month = record.integer(month_column, blank=0, blank_allowed=True)
    day = record.integer(day_column, blank=0, blank_allowed=True)
    if record.problems > before:
        return None
    if year == 0:
        if not open_end:
            record.error(year_column, "is zero; this date always has a year")
        elif month or day:
            record.error(month_column if month else day_column, f"is set although {year_column} is 0 (in force)")
        return None
    if day and not month:
        record.error(day_column, f"gives a day although {month_column} gives no month")
        return None
    try:
        return PartialDate(year, month or None, day or None)
    except ValueError as error:
        column = year_column if not 1 <= year <= 9999 else month_column if not 1 <= month <= 12 else day_column
        record.error(column, str(error))
        return None


def _check_in_force(record: Record, end: PartialDate | None, year_column: str) -> None:
    in_force = record.flag("ineffect")
    if record.problems:
        return  # a date or the flag is already reported; comparing them would only repeat it
    if in_force and end is not None:
        record.error("ineffect", f"says in force, but {year_column} gives an end ({end})")
    elif not in_force and end is None:
        record.error("ineffect", f"says not in force, but {year_column} is 0 (in force at the data's end)")


def _check_order(record: Record, start: PartialDate | None, end: PartialDate | None, year_column: str) -> None:
    if start is not None and end is not None and end.upper < start.lower:
        record.error(year_column, f"the end ({end}) is before the start ({start})")


def _obligations(record: Record) -> Obligations:
    return Obligations(*(record.flag(name) for name in OBLIGATIONS))


def _check_version(record: Record) -> None:
    text = record.values["version"]
    try:
        ok = abs(Decimal(text) - VERSION) < _VERSION_TOLERANCE
    except InvalidOperation:
        ok = False
    if not ok:
        record.error("version", f"is not ATOP version {VERSION}, the one this reader reads")
