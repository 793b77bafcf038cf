"""What the readers report: every problem names the line of the file it is on."""

from __future__ import annotations

from dataclasses import dataclass

MAX_VALUE_SHOWN = 80


def show_value(value: str) -> str:
    """A value quoted for a message, control characters visible, long ones cut."""
    if len(value) > MAX_VALUE_SHOWN:
        value = value[: MAX_VALUE_SHOWN - 1] + "…"
    return repr(value)


@dataclass(frozen=True, slots=True)
class RowError:
    """A malformed value (or record): its physical line (from 1), its column and the value as read."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: column {self.column}: value {show_value(self.value)}: {self.message}"


class FormatError(ValueError):
    """The file is not in the format the reader reads (encoding, preamble or header): nothing is read."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")
