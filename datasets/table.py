"""A plain CSV file with one header line (ATOP, COW): its records, and the values of a record.

Values are read strictly: a malformed one is a ``RowError`` naming line, column and value,
collected on the table (``errors``) rather than raised, so that one pass lists them all.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from .errors import FormatError, RowError
from .lines import DecodedLines


class CsvTable:
    """The records of ``stream`` (binary) after its header line, each as a ``Record``.

    The header must name every column in ``required`` exactly once; a record with a
    different number of fields than the header is an error, not a record.
    """

    def __init__(self, stream: BinaryIO, *, encoding: str, format_name: str, required: Sequence[str]):
        self.format_name = format_name
        self._lines = DecodedLines(stream, encoding=encoding, format_name=format_name)
        self._source = iter(self._lines)
        self.errors: list[RowError] = []
        header = next(self._source, None)
        if header is None:
            raise FormatError(1, f"the file is empty; a {format_name} file starts with its header line")
        self.columns = tuple(next(csv.reader([header]), []))
        repeated = sorted({name for name in self.columns if self.columns.count(name) > 1})
        if repeated:
            raise FormatError(1, f"the header names {', '.join(map(repr, repeated))} more than once")
        missing = [name for name in required if name not in self.columns]
        if missing:
            raise FormatError(
                1, f"the header lacks the {format_name} column(s) {', '.join(map(repr, missing))}: not a {format_name}"
            )
        self._lines.columns = self.columns
        self._positions = {name: index + 1 for index, name in enumerate(self.columns)}
        self._started = False

    @property
    def line_count(self) -> int:
        return self._lines.line_count

    def __iter__(self) -> Iterator[Record]:
        if self._started:
            raise RuntimeError(f"a {self.format_name} file is read once; open it again to read it again")
        self._started = True
        reader = csv.reader(self._source)
        width = len(self.columns)
        previous = 0
        blank_lines: list[int] = []
        for fields in reader:
            line = 1 + previous + 1
            previous = reader.line_num
            if not fields:
                blank_lines.append(line)
                continue
            if blank_lines:
                self.errors.extend(RowError(n, "(record)", "", "empty line between records") for n in blank_lines)
                blank_lines.clear()
            if len(fields) != width:
                index = min(len(fields), width)
                column = f'{index + 1} "{self.columns[index]}"' if index < width else f"{index + 1} (beyond the header)"
                self.errors.append(
                    RowError(
                        line,
                        column,
                        ",".join(fields),
                        f"the record has {len(fields)} fields, the header {width}",
                    )
                )
                continue
            yield Record(line, dict(zip(self.columns, fields, strict=True)), self.errors, self._positions)


class Record:
    """One record's values by column name, read into Python values; problems go to ``errors``."""

    __slots__ = ("errors", "line", "positions", "problems", "values")

    def __init__(self, line: int, values: dict[str, str], errors: list[RowError], positions: dict[str, int]):
        self.line = line
        self.values = values
        self.errors = errors
        self.positions = positions
        self.problems = 0

    def error(self, column: str, message: str) -> None:
        self.problems += 1
        self.errors.append(RowError(self.line, f'{self.positions[column]} "{column}"', self.values[column], message))

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.values[column]
        if required and not value.strip():
            self.error(column, "is empty")
        return value

    def integer(self, column: str, *, blank: int | None = None, blank_allowed: bool = False) -> int | None:
        """A whole number; ``blank`` when empty and ``blank_allowed``."""
        value = self.values[column]
        if value.isascii() and value.isdigit():
            return int(value)
        if not value and blank_allowed:
            return blank
        self.error(column, "is not a whole number" + (" (or empty)" if blank_allowed else ""))
        return None

    def flag(self, column: str) -> bool:
        """A 0/1 column."""
        value = self.values[column]
        if value in ("0", "1"):
            return value == "1"
        self.error(column, "is neither 0 nor 1")
        return False
