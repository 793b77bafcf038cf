"""Bytes to text: the size cap and UTF-8 (with or without a byte-order mark), nothing else.

Any other encoding is refused with the offending byte and its position rather than
guessed at, so that a Latin-1 or Windows-1252 file never turns into mojibake.
"""

import codecs
import csv
import io
from pathlib import Path

from django.conf import settings

from .errors import CsvFileError, Problem


def max_import_bytes() -> int:
    return settings.AXISDB_IMPORT_MAX_BYTES


def too_large_message(size: int, limit: int) -> str:
    return f"file is too large: {size} bytes, the limit is {limit} bytes (AXISDB_IMPORT_MAX_BYTES)"


def check_size(size: int, *, max_bytes: int | None = None) -> None:
    limit = max_import_bytes() if max_bytes is None else max_bytes
    if size > limit:
        raise CsvFileError(too_large_message(size, limit))


def decode_csv_bytes(data: bytes, *, max_bytes: int | None = None) -> str:
    """The file's text. Raises CsvFileError when it is too large or not UTF-8."""
    check_size(len(data), max_bytes=max_bytes)
    offset = 0
    if data.startswith(codecs.BOM_UTF8):
        offset = len(codecs.BOM_UTF8)
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as error:
        position = offset + error.start
        line = data[:position].count(b"\n") + 1
        row, column = _cell_at(data[offset:position].decode("utf-8"))
        raise CsvFileError(
            Problem(
                f"file is not UTF-8: byte 0x{data[position]:02X} at position {position} (line {line}); "
                "save it as UTF-8 (CSV UTF-8 in a spreadsheet) and import it again",
                row=row,
                column=column,
            )
        ) from None


def _cell_at(prefix: str) -> tuple[int | None, str | None]:
    """The row and column in which the text after ``prefix`` lies (None, None in the header or when unclear)."""
    try:
        records = list(csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:
        return None, None
    if len(records) < 2:
        return None, None  # in the header
    header = [name.strip() for name in records[0]]
    index = len(records[-1]) - 1
    return len(records) - 1, header[index] if 0 <= index < len(header) else None


def read_csv_file(path: Path, *, max_bytes: int | None = None) -> str:
    """The text of a file on disk, refusing an oversized file before reading it."""
    check_size(path.stat().st_size, max_bytes=max_bytes)
    return decode_csv_bytes(path.read_bytes(), max_bytes=max_bytes)
