"""Reader of the Correlates of War (COW) state codes that ATOP uses: StateAbb, CCode, StateNme.

The list is small (243 rows), so it is read whole into a table by code.

Repeats: the file lists some states twice (Germany 255, Japan 740, Poland 290, ... 26
codes), once per spell of membership in the state system, with the same abbreviation,
name and regions; the file carries no dates to tell the spells apart. A repeated code is
therefore one state, and ``lines`` keeps every line it is listed on. A repeat that
differs from the first listing in any column is an error naming both lines, as is one
abbreviation used for two codes: neither can be resolved without guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from .errors import RowError
from .table import CsvTable

ENCODING = "ascii"
COLUMNS = ("StateAbb", "CCode", "StateNme")
_ABBREVIATION_RE = re.compile(r"[A-Z]{3}\Z")


@dataclass(frozen=True, slots=True)
class CowState:
    code: int  # CCode
    abbreviation: str  # StateAbb, e.g. "PRK" (COW's own, not ISO)
    name: str  # StateNme
    lines: tuple[int, ...]  # every line listing this code (two for a repeated one)

    @property
    def line(self) -> int:
        return self.lines[0]


class CowCodes:
    """The states of a COW codes file by code, in the order first listed."""

    def __init__(self, states: dict[int, CowState], errors: list[RowError]):
        self.states = states
        self.errors = errors
        self._by_abbreviation = {state.abbreviation: state for state in states.values()}

    def __getitem__(self, code: int) -> CowState:
        return self.states[code]

    def __contains__(self, code: object) -> bool:
        return code in self.states

    def __iter__(self) -> Iterator[CowState]:
        return iter(self.states.values())

    def __len__(self) -> int:
        return len(self.states)

    def by_abbreviation(self, abbreviation: str) -> CowState:
        return self._by_abbreviation[abbreviation]

    @property
    def repeated(self) -> list[CowState]:
        """The states listed more than once."""
        return [state for state in self.states.values() if len(state.lines) > 1]


def read_cow_codes(stream: BinaryIO) -> CowCodes:
    """Read a COW state codes file (binary stream, ASCII). Problems are in ``.errors``; see the module doc."""
    table = CsvTable(stream, encoding=ENCODING, format_name="COW state codes file", required=COLUMNS)
    states: dict[int, CowState] = {}
    first_values: dict[int, dict[str, str]] = {}
    codes_by_abbreviation: dict[str, tuple[int, int]] = {}
    for record in table:
        code = record.integer("CCode")
        abbreviation = record.text("StateAbb")
        if abbreviation and not _ABBREVIATION_RE.match(abbreviation):
            record.error("StateAbb", "is not three capital letters")
        name = record.text("StateNme")
        if record.problems:
            continue
        known = states.get(code)
        if known is not None:
            differing = [column for column, value in first_values[code].items() if record.values[column] != value]
            for column in differing:
                record.error(
                    column,
                    f"code {code} is listed again, but differs from its listing on line {known.line} "
                    f"({first_values[code][column]!r})",
                )
            if not differing:
                states[code] = replace(known, lines=(*known.lines, record.line))
            continue
        other = codes_by_abbreviation.get(abbreviation)
        if other is not None:
            record.error("StateAbb", f"is already the abbreviation of code {other[0]} (line {other[1]})")
            continue
        codes_by_abbreviation[abbreviation] = (code, record.line)
        first_values[code] = dict(record.values)
        states[code] = CowState(code=code, abbreviation=abbreviation, name=name, lines=(record.line,))
    return CowCodes(states, table.errors)
