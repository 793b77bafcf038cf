"""Cell <-> value conversions of the fixture format.

Every ``clean`` raises ``ValueError`` with a message an editor can act on; the
importer adds the row, column and value. Nothing is silently dropped: an unknown
key, state, code or date is an error, never ``None``. Every ``render`` returns text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from import_export import widgets

from curation.numbers import parse_decimal
from curation.partial_dates import PartialDate

LIST_SEPARATOR = ";"
KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")


def split_list(text: str) -> list[str]:
    """``a; b;;c`` -> ``["a", "b", "c"]``: items separated by ``;``, spaces around them ignored."""
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def join_list(items) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items or [])


def quoted(items) -> str:
    return ", ".join(repr(item) for item in items)


class CellWidget(widgets.Widget):
    """Base: cells arrive as text; surrounding spaces are ignored."""

    #: Numeric columns are not formula-escaped on export, so that -5 stays a number.
    numeric = False

    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=True)
        self.required = required

    @staticmethod
    def text(value) -> str:
        return "" if value is None else str(value).strip()

    def check_required(self, text: str, what: str = "a value") -> None:
        if self.required and not text:
            raise ValueError(f"required: give {what}")

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class TextWidget(CellWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        text = self.text(value)
        self.check_required(text)
        return text


class KeyWidget(TextWidget):
    """A record's natural key: a slug of lowercase letters, digits and hyphens (or a custom pattern)."""

    def __init__(self, *, pattern: re.Pattern = KEY_PATTERN, description: str = "key", hint: str = ""):
        super().__init__(required=True)
        self.pattern = pattern
        self.description = description
        self.hint = hint or "lowercase letters, digits and hyphens, e.g. gulf-of-oman-naval-exercise-2024"

    def clean(self, value, row=None, **kwargs) -> str:
        text = self.text(value)
        if not text:
            raise ValueError(f"required: give the {self.description}")
        if not self.pattern.fullmatch(text):
            raise ValueError(f"not a valid {self.description}: use {self.hint}")
        return text


class BooleanWidget(CellWidget):
    def clean(self, value, row=None, **kwargs) -> bool:
        text = self.text(value).lower()
        if text not in ("true", "false"):
            raise ValueError("use true or false")
        return text == "true"

    def render(self, value, obj=None, **kwargs) -> str:
        return "true" if value else "false"


class ChoiceWidget(CellWidget):
    """One code from a controlled vocabulary (a TextChoices or IntegerChoices class, or a list of codes)."""

    def __init__(self, choices, *, numeric: bool = False):
        super().__init__(required=True)
        self.values = list(getattr(choices, "values", choices))
        self.numeric = numeric

    def codes(self) -> str:
        return ", ".join(str(v) for v in self.values)

    def clean(self, value, row=None, **kwargs):
        text = self.text(value)
        if not text:
            raise ValueError(f"required: one of {self.codes()}")
        for code in self.values:
            if str(code) == text:
                return code
        raise ValueError(f"not one of {self.codes()}")


class ChoiceListWidget(CellWidget):
    """``;``-separated codes from a controlled vocabulary, each at most once."""

    def __init__(self, choices, *, label: str):
        super().__init__()
        self.values = list(choices.values)
        self.label = label

    def clean(self, value, row=None, **kwargs) -> list[str]:
        items = split_list(self.text(value))
        unknown = [item for item in items if item not in self.values]
        if unknown:
            raise ValueError(f"unknown {self.label} {quoted(unknown)}: use {', '.join(self.values)}")
        repeated = sorted({item for item in items if items.count(item) > 1})
        if repeated:
            raise ValueError(f"{self.label} {quoted(repeated)} listed twice")
        return items

    def render(self, value, obj=None, **kwargs) -> str:
        return join_list(value)


class TextListWidget(CellWidget):
    """``;``-separated free text (aliases, authors)."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        return split_list(self.text(value))

    def render(self, value, obj=None, **kwargs) -> str:
        return join_list(value)


class DecimalWidget(CellWidget):
    numeric = True

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        text = self.text(value)
        if not text:
            return None
        # Not Decimal(text), which reads 1_000 as 1000 and Arabic-Indic digits as ASCII ones.
        return parse_decimal(text)

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        return format(Decimal(value).normalize(), "f")


class PartialDateWidget(CellWidget):
    """``2024``, ``2024-03`` or ``2024-03-17``, optionally followed by ``~`` (approximate)."""

    def clean(self, value, row=None, **kwargs) -> PartialDate | None:
        text = self.text(value)
        self.check_required(text, "a partial date: YYYY, YYYY-MM or YYYY-MM-DD")
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except ValueError as error:
            raise ValueError(f"not a valid partial date: {error}") from None

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class RecordWidget(CellWidget):
    """A foreign key written as the record's key (never a database id).

    Unlike import_export's ForeignKeyWidget, an unknown key is an error naming the
    key, not an exception without context. Keys are looked up in one query per import:
    those of the file's cells (``prepare``), or else every record's.
    """

    def __init__(self, model: type, *, label: str, field: str = "slug", required: bool = False):
        super().__init__(required=required)
        self.model = model
        self.label = label
        self.field = field
        self._records = None
        self._by_pk = None

    def prepare(self, values) -> None:
        """Read only the records ``values`` (the column's cells) name: one query, not the whole table."""
        keys = {text for value in values if (text := self.text(value))}
        pk = self.model._meta.pk.name
        records = self.model._base_manager.filter(**{f"{self.field}__in": keys}).only(pk, self.field)
        self._records = {getattr(record, self.field): record for record in records}
        self._by_pk = None

    def records(self) -> dict:
        if self._records is None:
            pk = self.model._meta.pk.name
            self._records = {getattr(r, self.field): r for r in self.model._base_manager.only(pk, self.field)}
        return self._records

    def record_by_pk(self, pk):
        if self._by_pk is None:
            self._by_pk = {record.pk: record for record in self.records().values()}
        return self._by_pk.get(pk)

    def clean(self, value, row=None, **kwargs):
        text = self.text(value)
        self.check_required(text, f"the key of a {self.label}")
        if not text:
            return None
        record = self.records().get(text)
        if record is None:
            raise ValueError(f"unknown {self.label}: no {self.label} has this key")
        return record

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(getattr(value, self.field))
