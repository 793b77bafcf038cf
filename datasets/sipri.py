"""Reader of the SIPRI Arms Transfers Database trade register, as SIPRI exports it.

The export is read as it is, never edited first. What the format says about itself:

- It is encoded in cp1252 (Windows Western European), not UTF-8: ``Santa F\\xe9``. Each line
  is decoded as cp1252; a line that is valid UTF-8 with non-ASCII characters, or holds a
  byte cp1252 lacks, refuses the file naming the line (see ``lines``).
- A preamble of notes comes first: its first line starts with ``Transfers of major
  conventional arms``, one line is the attribution SIPRI asks for (``Source: SIPRI Arms
  Transfers Database (c) SIPRI.``) and its last line is ``Data generated: 13 Mar 2025
  10:02:49 AM``, the export date. The header line follows it and must be exactly
  ``COLUMNS``, the three unnamed columns (a single space) included: they hold ``?`` when
  the value before them is uncertain.
- One deal per CSV record. Empty ``Number ordered``: figure not yet available; TIVs in
  millions, empty when not available; ``Year(s) of delivery`` as ``2022; 2023; 2024``.
- Comments are not quoted, so a line break inside one splits a deal across two physical
  lines (the 13 Mar 2025 export has four). A record with fewer fields than the header is
  completed by the records after it when their fields, the broken one shared, add up
  to exactly the header's count (and the next line is not a full record by itself). Each
  rejoin is reported with its lines; a record that cannot be completed is an error.

Every malformed value is a ``RowError`` naming line, column and value; such a record is
not yielded. Reading is a single pass over the file (a generator): memory stays flat
except for the occurrence counts of the content keys, one entry per distinct key (some
160 bytes each: about 5 MB for the 29,515 deals of the 13 Mar 2025 export).

    with open(path, "rb") as stream:
        register = TradeRegister(stream)      # reads the preamble and header now
        register.export.generated_on          # datetime.date(2025, 3, 13)
        for deal in register:
            ...
    register.errors, register.rejoins         # complete once the loop has ended
"""

from __future__ import annotations

import csv
import datetime
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from .errors import FormatError, RowError, show_value
from .lines import DecodedLines

ENCODING = "cp1252"
FORMAT_NAME = "SIPRI trade register"
TITLE = "Transfers of major conventional arms"
GENERATED_PREFIX = "Data generated:"
ATTRIBUTION_PREFIX = "Source:"
MAX_PREAMBLE_LINES = 20

COLUMNS = (
    "Recipient",
    "Supplier",
    "Year of order",
    " ",
    "Number ordered",
    " ",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    " ",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
)
# How messages name the columns: the unnamed ones after the column whose certainty they give.
LABELS = tuple(name if name.strip() else f"? of {COLUMNS[index - 1]}" for index, name in enumerate(COLUMNS))
WIDTH = len(COLUMNS)

_GENERATED_RE = re.compile(
    r"Data generated: (?P<day>\d{1,2}) (?P<month>[A-Z][a-z]{2}) (?P<year>\d{4}) "
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2}):(?P<second>\d{2}) (?P<half>AM|PM)\s*\Z"
)
# English month names as SIPRI prints them (not calendar.month_abbr, which follows the locale).
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_DECIMAL_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")
_YEARS_SEPARATOR = "; "
_KEY_SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Export:
    """What the preamble says about the export."""

    title: str
    generated_at: datetime.datetime  # as printed; the file names no time zone
    attribution: str  # the whole line, e.g. "Source: SIPRI Arms Transfers Database (c) SIPRI."
    preamble: tuple[str, ...]  # every line before the header, verbatim
    header_line: int

    @property
    def generated_on(self) -> datetime.date:
        """The export date (``Data generated``), e.g. 2025-03-13."""
        return self.generated_at.date()


@dataclass(frozen=True, slots=True)
class Deal:
    """One deal (one CSV record) of the register. Numbers are ``None`` where the file leaves them empty."""

    lines: tuple[int, ...]  # physical lines of the record, two for a rejoined one
    recipient: str
    supplier: str
    year_of_order: int
    year_of_order_uncertain: bool
    number_ordered: int | None  # None: "not yet available"
    number_ordered_uncertain: bool
    designation: str
    description: str
    number_delivered: int | None
    number_delivered_uncertain: bool
    delivery_years: tuple[int, ...]
    status: str
    comments: str
    tiv_per_unit: Decimal | None
    tiv_total_order: Decimal | None
    tiv_delivered: Decimal | None
    occurrence: int  # 1 for the first deal with this supplier, recipient, year and designation, then 2, ...
    key: str  # content_key(...): stable across re-reads
    text: str  # the record as in the file: its lines without terminators, joined by "\n"

    @property
    def line(self) -> int:
        return self.lines[0]


@dataclass(frozen=True, slots=True)
class Rejoin:
    """A deal broken across lines by a line break inside a field, read as one record."""

    lines: tuple[int, ...]
    column: str  # where the (first) line break fell

    def __str__(self) -> str:
        return (
            f"lines {self.lines[0]}-{self.lines[-1]}: a line break inside column {self.column} split one deal; rejoined"
        )


def content_key_basis(*, supplier: str, recipient: str, year_of_order: int, designation: str) -> tuple:
    """What the content key compares: the four values, texts trimmed with inner whitespace collapsed.

    The texts are interned: the reader keeps one basis per distinct key to count occurrences,
    and names and designations repeat across thousands of deals.
    """
    return (
        sys.intern(" ".join(supplier.split())),
        sys.intern(" ".join(recipient.split())),
        year_of_order,
        sys.intern(" ".join(designation.split())),
    )


def content_key(*, supplier: str, recipient: str, year_of_order: int, designation: str, occurrence: int) -> str:
    """A deal's stable key, derived from its content: ``supplier|recipient|year|designation|occurrence``.

    Example: ``Russia|Iran|2022|Shahed-136|1``. The texts are the file's own names,
    trimmed, inner runs of whitespace made one space (the export has designations
    with a trailing space), ``\\`` and ``|`` escaped with ``\\``. ``occurrence`` counts from
    1 among the deals with the same supplier, recipient, year of order and designation,
    in file order: SIPRI lists such deals separately, identical or not.

    The same file always yields the same keys. A newer export keeps a deal's key as long
    as these four values stay the same and no new deal with the same four values is listed
    before it in the file; an editor-visible change of any of the four is a different key
    (the old key is reported as vanished, the new one as added).
    """
    basis = content_key_basis(
        supplier=supplier, recipient=recipient, year_of_order=year_of_order, designation=designation
    )
    return _key(basis, occurrence)


def _key(basis: tuple, occurrence: int) -> str:
    supplier, recipient, year_of_order, designation = basis
    texts = (_escape(supplier), _escape(recipient), str(year_of_order), _escape(designation), str(occurrence))
    return _KEY_SEPARATOR.join(texts)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(_KEY_SEPARATOR, "\\" + _KEY_SEPARATOR)


class TradeRegister:
    """The deals of one export, read once, in file order. See the module docstring."""

    def __init__(self, stream: BinaryIO):
        self._lines = DecodedLines(stream, encoding=ENCODING, format_name=FORMAT_NAME)
        self._source = iter(self._lines)
        self.export = self._read_preamble()
        self._lines.columns = LABELS
        self._lines.recent.clear()
        self.errors: list[RowError] = []
        self.rejoins: list[Rejoin] = []
        self.deal_count = 0
        self._occurrences: dict[tuple, int] = {}
        self._last_year = self.export.generated_at.year
        self._started = False

    @property
    def line_count(self) -> int:
        """Physical lines read so far (all of them, once the loop has ended)."""
        return self._lines.line_count

    # -- preamble and header ---------------------------------------------------------------

    def _read_preamble(self) -> Export:
        preamble: list[str] = []
        attribution = None
        for number, line in enumerate(self._source, start=1):
            text = line.rstrip("\r\n")
            if number == 1 and not text.startswith(TITLE):
                raise FormatError(1, f"{show_value(text)} is not how a {FORMAT_NAME} export starts ({TITLE!r} ...)")
            preamble.append(text)
            if text.startswith(ATTRIBUTION_PREFIX):
                attribution = text
            if text.startswith(GENERATED_PREFIX):
                generated_at = _generated_at(number, text)
                break
            if number == MAX_PREAMBLE_LINES:
                raise FormatError(
                    number, f"no {GENERATED_PREFIX!r} line in the first {MAX_PREAMBLE_LINES} lines of the preamble"
                )
        else:
            raise FormatError(
                self._lines.line_count or 1, f"the file ends before the {GENERATED_PREFIX!r} line of its preamble"
            )
        if attribution is None:
            raise FormatError(number, f"the preamble has no attribution line ({ATTRIBUTION_PREFIX!r} ...)")
        header_line = number + 1
        self._read_header(header_line)
        return Export(
            title=preamble[0],
            generated_at=generated_at,
            attribution=attribution,
            preamble=tuple(preamble),
            header_line=header_line,
        )

    def _read_header(self, line: int) -> None:
        text = next(self._source, None)
        if text is None:
            raise FormatError(line, "the file ends before its header line")
        found = tuple(next(csv.reader([text]), []))
        if found != COLUMNS:
            raise FormatError(line, f"the header is not the {FORMAT_NAME}'s: {header_difference(found)}")

    # -- records -------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Deal]:
        if self._started:
            raise RuntimeError("a TradeRegister is read once; open the file again to read it again")
        self._started = True
        reader = csv.reader(self._source)
        offset = self.export.header_line
        recent = self._lines.recent
        previous = 0  # reader.line_num after the previous record
        pending: _Fragment | None = None
        blank_lines: list[int] = []
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                self.errors.append(
                    RowError(offset + reader.line_num, "(record)", "".join(recent).rstrip("\r\n"), str(error))
                )
                recent.clear()
                previous = reader.line_num
                continue
            first, last = offset + previous + 1, offset + reader.line_num
            previous = reader.line_num
            text = recent[0].rstrip("\r\n") if len(recent) == 1 else "\n".join(r.rstrip("\r\n") for r in recent)
            recent.clear()
            if pending is not None:
                if len(fields) < WIDTH and len(pending.fields) + max(len(fields), 1) - 1 <= WIDTH:
                    pending.add(fields, first, last, text)
                    if len(pending.fields) == WIDTH:
                        deal = self._rejoined(pending)
                        pending = None
                        if deal is not None:
                            yield deal
                    continue
                self._incomplete(pending)
                pending = None
            if not fields:
                blank_lines.append(first)
                continue
            if blank_lines:
                self.errors.extend(RowError(n, "(record)", "", "empty line inside the register") for n in blank_lines)
                blank_lines.clear()
            if len(fields) == WIDTH:
                deal = self._deal(fields, tuple(range(first, last + 1)), text, None)
                if deal is not None:
                    yield deal
            elif len(fields) < WIDTH:
                pending = _Fragment(fields, first, last, text)
            else:
                self.errors.append(
                    RowError(
                        first,
                        f"{WIDTH + 1} (beyond the header)",
                        fields[WIDTH],
                        f"the record has {len(fields)} fields, the header {WIDTH}",
                    )
                )
        if pending is not None:
            self._incomplete(pending)

    def _incomplete(self, pending: _Fragment) -> None:
        count = len(pending.fields)
        self.errors.append(
            RowError(
                pending.lines[-1],
                f'{count + 1} "{LABELS[count]}"',
                pending.text,
                f"the record ends after {count} of the header's {WIDTH} fields, and the next line does not complete it",
            )
        )

    def _rejoined(self, pending: _Fragment) -> Deal | None:
        break_at = pending.starts[1][0]
        self.rejoins.append(Rejoin(lines=tuple(pending.lines), column=f'{break_at + 1} "{LABELS[break_at]}"'))
        return self._deal(pending.fields, tuple(pending.lines), pending.text, pending.starts)

    def _deal(self, fields: list[str], lines: tuple[int, ...], text: str, starts: list | None) -> Deal | None:
        errors: list[RowError] = []

        def bad(index: int, message: str) -> None:
            line = lines[0]
            if starts is not None:
                # A field shared by two fragments began on the earlier line.
                line = next(n for start, n in reversed(starts) if start < index or start == 0)
            errors.append(RowError(line, f'{index + 1} "{LABELS[index]}"', fields[index], message))

        # In column order, so that a deal's errors read left to right.
        recipient, supplier = _text(fields, 0, bad), _text(fields, 1, bad)
        year = self._year(fields[2], 2, bad)
        year_uncertain = _flag(fields[3], 3, bad)
        ordered = _count(fields[4], 4, bad)
        ordered_uncertain = _flag(fields[5], 5, bad)
        designation, description = _text(fields, 6, bad), _text(fields, 7, bad)
        delivered = _count(fields[8], 8, bad)
        delivered_uncertain = _flag(fields[9], 9, bad)
        delivery_years: tuple[int, ...] = ()
        if fields[10]:
            parts = fields[10].split(_YEARS_SEPARATOR)
            delivery_years = tuple(self._year(part, 10, bad, in_list=True) for part in parts)
        status = _text(fields, 11, bad)
        tivs = [_tiv(fields[index], index, bad) for index in (13, 14, 15)]
        if errors:
            self.errors.extend(errors)
            return None
        basis = content_key_basis(supplier=supplier, recipient=recipient, year_of_order=year, designation=designation)
        occurrence = self._occurrences.get(basis, 0) + 1
        self._occurrences[basis] = occurrence
        self.deal_count += 1
        return Deal(
            lines=lines,
            recipient=recipient,
            supplier=supplier,
            year_of_order=year,
            year_of_order_uncertain=year_uncertain,
            number_ordered=ordered,
            number_ordered_uncertain=ordered_uncertain,
            designation=designation,
            description=description,
            number_delivered=delivered,
            number_delivered_uncertain=delivered_uncertain,
            delivery_years=delivery_years,
            status=status,
            comments=fields[12],
            tiv_per_unit=tivs[0],
            tiv_total_order=tivs[1],
            tiv_delivered=tivs[2],
            occurrence=occurrence,
            key=_key(basis, occurrence),
            text=text,
        )

    def _year(self, text: str, index: int, bad, *, in_list: bool = False) -> int | None:
        if len(text) == 4 and text.isascii() and text.isdigit():
            year = int(text)
            if year <= self._last_year:
                return year
            bad(index, f"{text} is after the export ({self.export.generated_on.isoformat()})")
            return None
        if in_list:
            bad(index, f"{text!r} is not a year: write the years of delivery as '2022; 2023; 2024'")
        else:
            bad(index, "is not a year (four digits)")
        return None


class _Fragment:
    """The start of a record broken across lines, and the pieces added so far."""

    __slots__ = ("fields", "lines", "starts", "texts")

    def __init__(self, fields: list[str], first: int, last: int, text: str):
        self.fields = fields
        self.lines = list(range(first, last + 1))
        self.starts = [(0, first)]  # (index of the field a piece starts in, the piece's first line)
        self.texts = [text]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def add(self, fields: list[str], first: int, last: int, text: str) -> None:
        fields = fields or [""]
        head = fields[0]
        shared = self.fields[-1]
        self.starts.append((len(self.fields) - 1, first))
        # The line break was inside the shared field; keep it as one where both sides have text.
        self.fields[-1] = f"{shared}\n{head}" if shared and head else shared + head
        self.fields.extend(fields[1:])
        self.texts.append(text)
        self.lines.extend(range(first, last + 1))


def _generated_at(line: int, text: str) -> datetime.datetime:
    match = _GENERATED_RE.match(text)
    month = _MONTHS.get(match["month"]) if match else None
    try:
        if month is None:
            raise ValueError("no such date")
        hour = int(match["hour"]) % 12 + (12 if match["half"] == "PM" else 0)
        return datetime.datetime(
            int(match["year"]), month, int(match["day"]), hour, int(match["minute"]), int(match["second"])
        )
    except ValueError:
        raise FormatError(
            line, f"{show_value(text)} does not give the export date as 'Data generated: 13 Mar 2025 10:02:49 AM'"
        ) from None


def header_difference(found: tuple[str, ...]) -> str:
    """Where a header differs from ``COLUMNS``, column by column (the first five differences)."""
    differences = []
    for index in range(max(len(found), WIDTH)):
        have = found[index] if index < len(found) else None
        want = COLUMNS[index] if index < WIDTH else None
        if have == want:
            continue
        if have is None:
            differences.append(f"column {index + 1} {want!r} ({LABELS[index]}) is missing")
        elif want is None:
            differences.append(f"column {index + 1} {have!r} is one too many")
        else:
            differences.append(f"column {index + 1} is {have!r} where it should be {want!r} ({LABELS[index]})")
    shown = "; ".join(differences[:5])
    return shown + (f"; and {len(differences) - 5} more" if len(differences) > 5 else "")


def _text(fields: list[str], index: int, bad) -> str:
    text = fields[index]
    if not text.strip():
        bad(index, "is empty; every deal has one")
    return text


def _count(text: str, index: int, bad) -> int | None:
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    bad(index, "is not a whole number (or empty)")
    return None


def _flag(text: str, index: int, bad) -> bool:
    if text == "?":
        return True
    if text:
        bad(index, "is neither empty nor '?' (uncertain)")
    return False


def _tiv(text: str, index: int, bad) -> Decimal | None:
    if not text:
        return None
    if _DECIMAL_RE.match(text):
        return Decimal(text)
    bad(index, "is not a number of millions (like 0.25)")
    return None
