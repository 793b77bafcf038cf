"""CSV cells that name states: by ISO3 code, name, short name or alias (``PRK``, ``North Korea``, ``DPRK``).

Used by the CSV files of both apps (a relationship's states, an event's
participants, the states a claim is about). Export always writes the ISO3 code.
"""

from __future__ import annotations

from curation.csvio.widgets import CellWidget, join_list, quoted, split_list

from .models import State
from .names import normalise_name

UNKNOWN_STATE = "no state has this ISO3 code, name, short name or alias"


class StateNames:
    """Resolves what people write for a state (``PRK``, ``North Korea``, ``DPRK``) through the names table.

    Names are compared NFC-normalised and case-folded (``events.names``); each belongs to
    one state only, so a name resolves to one state or to none, never to a guess.
    """

    def __init__(self):
        self._table = None

    def resolve(self, name: str):
        if self._table is None:
            self._table = State.objects.all().lookup_table()
        return self._table.get(normalise_name(name))


class StateWidget(CellWidget):
    """A foreign key to a state: ISO3 code, name, short name or alias in, ISO3 code out."""

    def __init__(self, *, required: bool = False):
        super().__init__(required=required)
        self.names = StateNames()

    def record_by_pk(self, pk):
        return self.names.resolve(str(pk))

    def clean(self, value, row=None, **kwargs):
        text = self.text(value)
        self.check_required(text, "a state")
        if not text:
            return None
        state = self.names.resolve(text)
        if state is None:
            raise ValueError(f"unknown state: {UNKNOWN_STATE}")
        return state

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else value.iso3


class StateListWidget(CellWidget):
    """``;``-separated states; the value is the list of their ISO3 codes, in the order written.

    This replaces import_export's ManyToManyWidget, which filters the related table
    with ``__in`` and so silently drops every name it does not find: here an unknown
    state is an error naming it.
    """

    def __init__(self, *, required: bool = False):
        super().__init__(required=required)
        self.names = StateNames()

    def clean(self, value, row=None, **kwargs) -> list[str]:
        items = split_list(self.text(value))
        self.check_required(",".join(items), "at least one state")
        codes, unknown, repeated = [], [], []
        for item in items:
            state = self.names.resolve(item)
            if state is None:
                unknown.append(item)
            elif state.iso3 in codes:
                repeated.append(item)
            else:
                codes.append(state.iso3)
        if unknown:
            raise ValueError(f"unknown state {quoted(unknown)}: {UNKNOWN_STATE}")
        if repeated:
            raise ValueError(f"state {quoted(repeated)} listed twice")
        return codes

    def render(self, value, obj=None, **kwargs) -> str:
        return join_list(value)


class StateRoleListWidget(CellWidget):
    """``ISO3:role`` items separated by ``;``; the value is a list of ``(iso3, role)`` pairs."""

    def __init__(self, roles, *, required: bool = False, what: str = "participant"):
        super().__init__(required=required)
        self.roles = list(roles.values)
        self.what = what
        self.names = StateNames()

    def clean(self, value, row=None, **kwargs) -> list[tuple[str, str]]:
        items = split_list(self.text(value))
        if self.required and not items:
            raise ValueError(f"required: at least one {self.what}, written ISO3:role;ISO3:role")
        pairs, problems = [], []
        for item in items:
            name, colon, role = item.rpartition(":")
            name, role = name.strip(), role.strip()
            if not colon or not name:
                problems.append(f"{self.what} {item!r} has no role: write ISO3:role, e.g. RUS:{self.roles[0]}")
                continue
            state = self.names.resolve(name)
            if state is None:
                problems.append(f"unknown state {name!r}: {UNKNOWN_STATE}")
            elif role not in self.roles:
                problems.append(f"unknown role {role!r} for {name}: use {', '.join(self.roles)}")
            elif state.iso3 in [iso3 for iso3, _ in pairs]:
                problems.append(f"state {name!r} listed twice")
            else:
                pairs.append((state.iso3, role))
        if problems:
            raise ValueError("; ".join(problems))
        return pairs

    def render(self, value, obj=None, **kwargs) -> str:
        return join_list(f"{iso3}:{role}" for iso3, role in value or [])
