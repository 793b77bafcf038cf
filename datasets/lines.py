"""Bytes to text, one physical line at a time, in the one encoding a format declares.

A reader never guesses an encoding: each line is decoded as its format says, and a
line that is not in that encoding refuses the file, naming the line and the column.
cp1252 can decode almost any byte, so a file re-saved as UTF-8 would otherwise turn
``Santa Fé`` into ``Santa FÃ©`` without a word; a line whose non-ASCII bytes form valid
UTF-8 is therefore refused too (text really written in cp1252 practically never is).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from .errors import FormatError


class DecodedLines:
    """The lines of a binary stream as text, terminators kept (``csv`` needs them).

    ``recent`` holds the lines yielded since the caller last cleared it, so that a
    record can be quoted exactly as the file has it. ``columns``, once set, names
    the column an encoding error falls in.
    """

    def __init__(self, stream: BinaryIO, *, encoding: str, format_name: str):
        if isinstance(stream, io.TextIOBase):
            raise TypeError(
                f"open the file in binary mode ('rb'): the reader decodes the {format_name} as {encoding} itself"
            )
        self._stream = stream
        self.encoding = encoding
        self.format_name = format_name
        self.columns: Sequence[str] = ()
        self.recent: list[str] = []
        self.line_count = 0

    def __iter__(self) -> Iterator[str]:
        encoding = self.encoding
        recent = self.recent
        for number, raw in enumerate(self._stream, start=1):
            self.line_count = number
            if raw.isascii():
                if b"\x00" in raw:
                    raise FormatError(
                        number, f"NUL bytes: not a text file in {encoding} (UTF-16?); the {self.format_name} is not"
                    )
                text = raw.decode("ascii")
            else:
                text = self._decode_non_ascii(number, raw)
            recent.append(text)
            yield text

    def _decode_non_ascii(self, number: int, raw: bytes) -> str:
        try:
            as_utf8 = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if self.encoding != "utf-8":
                position = next(i for i, char in enumerate(as_utf8) if not char.isascii())
                char = as_utf8[position]
                raise FormatError(
                    number,
                    f"{self._column_of(as_utf8, position)}: {char!r} is encoded as UTF-8 "
                    f"({char.encode('utf-8')!r}), but the {self.format_name} is {self.encoding}: "
                    "read the file as exported, not re-saved in another encoding",
                )
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError as error:
            text = raw.decode("latin-1")
            raise FormatError(
                number,
                f"{self._column_of(text, error.start)}: byte 0x{raw[error.start]:02X} is not {self.encoding}, "
                f"the encoding of the {self.format_name}",
            ) from None

    def _column_of(self, text: str, position: int) -> str:
        """``column N "Name"`` of the character at ``position`` (fields counted in this line)."""
        try:
            fields = next(csv.reader([text[:position]]), [""])
        except csv.Error:
            fields = [""]
        index = max(len(fields), 1)
        name = f' "{self.columns[index - 1]}"' if index <= len(self.columns) else ""
        return f"column {index}{name}"
