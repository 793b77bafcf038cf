"""What can go wrong in a CSV file, said so that an editor can fix it."""

from __future__ import annotations

from dataclasses import dataclass

MAX_VALUE_SHOWN = 80


def show_value(value: str) -> str:
    """A cell value quoted for a message: ``'Narnia'``, control characters made visible, long ones cut."""
    if len(value) > MAX_VALUE_SHOWN:
        value = value[: MAX_VALUE_SHOWN - 1] + "…"
    return repr(value)


@dataclass(frozen=True)
class Problem:
    """One error: in the file as a whole, or in a row (and a column of it).

    Rows are counted from 1 = the first record after the header line.
    """

    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def describe(self, file_name: str = "") -> str:
        """``file:row N: column X: value 'v': message`` (the parts that apply)."""
        where = file_name
        if self.row is not None:
            where = f"{where}:row {self.row}" if where else f"row {self.row}"
        parts = [where] if where else []
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.value is not None:
            parts.append(f"value {show_value(self.value)}")
        parts.append(self.message)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self.describe()


class CsvFileError(Exception):
    """The file cannot be imported at all: too large, not UTF-8, not CSV, or a wrong header."""

    def __init__(self, *problems: Problem | str):
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("; ".join(p.describe() for p in self.problems))
