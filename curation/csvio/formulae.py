"""Spreadsheet-formula escaping (CSV injection).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula. Export therefore prefixes such a cell with a single
quote, which spreadsheets show as text; numeric columns are left alone, so a
negative number stays a number.

Import reverses exactly what export added: it removes one leading quote when the
rest of the cell starts with one of those characters (possibly after further
quotes). To keep the round trip exact, export also escapes a cell that already
starts with quotes followed by a trigger character (``'=x`` is written ``''=x``).
"""

import re

FORMULA_TRIGGERS = "=+-@\t\r"

# A cell that export escapes: any number of quotes, then a trigger character.
_NEEDS_ESCAPE = re.compile(r"^'*[=+\-@\t\r]")
# A cell that export escaped: at least one quote, then a trigger character.
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")


def escape_cell(text: str) -> str:
    """The cell as written to a CSV file: prefixed with ``'`` if a spreadsheet would run it."""
    return "'" + text if _NEEDS_ESCAPE.match(text) else text


def unescape_cell(text: str) -> str:
    """Reverse :func:`escape_cell`: ``unescape_cell(escape_cell(x)) == x`` for every string."""
    return text[1:] if _ESCAPED.match(text) else text
