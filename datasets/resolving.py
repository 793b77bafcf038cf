"""The states a data set names, resolved through the state names table (``events.StateName``).

A SIPRI name (``North Korea``) or a COW code (731) resolves to the state whose code,
name, short name or alias it is, compared NFC-normalised and case-folded. What the
seed tables in ``data/`` say a name is decides the rest:

- a non-state actor, an organisation, ``unknown supplier(s)`` or a name with no ISO
  code of its own is **skipped**: its deals are left out and counted by name;
- a state the names table does not know is **unknown**: the import stops, listing each
  such name with its row count, so that an editor adds the name (or the state) once, in
  the admin. With ``add_states`` the importer does that itself from the seed tables:
  it creates the missing state (a former one with its period and successor) or adds the
  data set's name to the state's aliases, and reports each addition.
"""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from pathlib import Path

import pycountry

from events.models import State, StateName
from events.names import normalise_name

from .former_states import FORMER_STATES
from .state_names import COW_CODES_CSV, FORMER_STATE, SIPRI_NAMES_CSV, STATE

SKIP = "skip"
# COW 365 is Russia in every period; before the Soviet Union ended, the state was the Soviet Union.
SOVIET_UNION_START, SOVIET_UNION_END = datetime.date(1922, 12, 30), datetime.date(1991, 12, 26)
RUSSIAN_EMPIRE = "COW 365 before 1922 (the Russian Empire: no ISO code of its own)"


def _cow_iso(seed: dict, entry: datetime.date) -> str:
    """COW 365 is Russia in every period: the Soviet Union while it existed, then RUS; before it, no ISO code."""
    iso = seed["iso_code"]
    if iso == "RUS" and entry < SOVIET_UNION_END:
        return "SUN" if entry >= SOVIET_UNION_START else ""
    return iso


def _seed(path: Path, key: str) -> dict[str, dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return {row[key]: row for row in csv.DictReader(stream)}


class StateResolver:
    """Resolves names or codes to ISO3 codes of states in the database; counts what it cannot."""

    def __init__(self, *, add_states: bool = False, dry_run: bool = False):
        self.add_states = add_states
        self.dry_run = dry_run
        self.table = {name: state.iso3 for name, state in State.objects.all().lookup_table().items()}
        self.unknown: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.added: list[str] = []
        self.existing = set(State.objects.values_list("iso3", flat=True))  # the states written before
        self.pending: dict[str, State] = {}  # created here, not yet written: see save_pending

    def sipri_peek(self, name: str) -> str | None:
        """The ISO3 code a SIPRI name would resolve to (names table, then seed table); counts nothing."""
        found = self.table.get(normalise_name(name))
        if found:
            return found
        seed = _sipri_seed().get(name)
        return seed["iso_code"] or None if seed else None

    def sipri_name(self, name: str) -> str | None:
        """ISO3 of the state a SIPRI name stands for; ``SKIP`` for a non-state; None if unknown."""
        found = self.table.get(normalise_name(name))
        if found:
            return found
        seed = _sipri_seed().get(name)
        if seed is not None and seed["kind"] not in (STATE, FORMER_STATE):
            self.skipped[f"{name} ({seed['kind'].replace('_', ' ')})"] += 1
            return SKIP
        if seed is not None and self.add_states:
            return self._add(seed["iso_code"], name)
        self.unknown[name] += 1
        return None

    def cow_peek(self, code: int, entry: datetime.date) -> str | None:
        """The ISO3 code a COW code would resolve to at ``entry``; counts nothing."""
        seed = _cow_seed().get(str(code))
        if seed is None or not seed["iso_code"]:
            return None
        return _cow_iso(seed, entry) or None

    def cow_code(self, code: int, entry: datetime.date) -> str | None:
        """ISO3 of the state a COW code stands for at ``entry``; ``SKIP`` if none has an ISO code."""
        seed = _cow_seed().get(str(code))
        label = f"COW {code}" + (f" ({seed['name']})" if seed and seed["name"] else "")
        if seed is None or seed["kind"] not in (STATE, FORMER_STATE):
            self.skipped[label] += 1
            return SKIP
        iso = _cow_iso(seed, entry)
        if not iso:
            self.skipped[RUSSIAN_EMPIRE] += 1
            return SKIP
        found = self.table.get(normalise_name(iso))
        if found:
            return found
        if self.add_states:
            return self._add(iso, None)
        self.unknown[f"{label}: {iso}"] += 1
        return None

    def _add(self, iso: str, name: str | None) -> str | None:
        """Create the state ``iso`` (or add ``name`` to its aliases); its ISO3, or None if refused.

        A new state is kept in memory (``pending``) and written with the others by one insert
        in ``save_pending``: the participants' key to the state is checked at commit, so the
        state need only exist by then. Whether a name is already another state's is decided
        from ``table``, which holds every name of the names table and of the pending states;
        when it is, the pending states are written first and the state's own check words the
        refusal, as for any state.
        """
        state = self.pending.get(iso) or (State.objects.filter(iso3=iso).first() if iso in self.existing else None)
        creating = state is None or iso in self.pending
        if state is None:
            state = _new_state(iso, pending=self.pending)
            action = f"created the state {state}"
        else:
            action = f"added the alias {name!r} to {state}"
        aliases = list(state.aliases)
        if name and normalise_name(name) not in state.normalised_names():
            aliases.append(name)
        wanted = State(iso3=state.iso3, name=state.name, short_name=state.short_name, aliases=aliases)
        if any(self.table.get(key, state.iso3) != state.iso3 for key in wanted.normalised_names()):
            self.save_pending()
            state = State.objects.filter(iso3=iso).first() or state
            state.aliases = aliases
            collisions = state.name_collisions()
            self.unknown[name or iso] += 1
            self.added.append(f"could not add {name or iso}: " + " ".join(m for ms in collisions.values() for m in ms))
            return None
        state.aliases = aliases
        if creating:
            self.pending[state.iso3] = state
        else:
            state.save()
        self.added.append(action)
        for normalised in state.normalised_names():
            self.table[normalised] = state.iso3
        return state.iso3

    def save_pending(self) -> None:
        """Write the states created since the last call: one insert for them, one for their names."""
        if not self.pending:
            return
        states = list(self.pending.values())
        self.pending = {}
        State.objects.bulk_create(states)
        self.existing.update(state.iso3 for state in states)
        StateName.objects.bulk_create(row for state in states for row in state.name_rows())


def _new_state(iso: str, *, pending=()) -> State:
    former = FORMER_STATES.get(iso)
    if former is not None:
        exists = former.successor in pending or State.objects.filter(iso3=former.successor).exists()
        successor = former.successor if exists else None
        return State(
            iso3=iso,
            name=former.name,
            short_name=former.short_name,
            aliases=list(former.aliases),
            valid_from=former.valid_from,
            valid_until=former.valid_until,
            successor_id=successor,
        )
    country = pycountry.countries.get(alpha_3=iso)
    return State(
        iso3=iso,
        name=getattr(country, "official_name", country.name),
        short_name=getattr(country, "common_name", country.name),
        aliases=[],
    )


_SEEDS: dict[str, dict] = {}


def _sipri_seed() -> dict[str, dict]:
    if "sipri" not in _SEEDS:
        _SEEDS["sipri"] = _seed(SIPRI_NAMES_CSV, "name")
    return _SEEDS["sipri"]


def _cow_seed() -> dict[str, dict]:
    if "cow" not in _SEEDS:
        _SEEDS["cow"] = _seed(COW_CODES_CSV, "ccode")
    return _SEEDS["cow"]
