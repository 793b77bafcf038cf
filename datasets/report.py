"""What an import of a data set did, or would do (a dry run), or why it stopped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

LABELS = {
    "events.event": "events",
    "events.relationship": "relationships",
    "sources.claim": "claims",
    "sources.claimlink": "links to seed claims",
}


@dataclass
class ImportReport:
    dataset: str
    file_names: tuple[str, ...]
    dry_run: bool = False
    rows: int = 0  # records read (deals, alliances)
    kept: int = 0  # records within the states asked for, with every party resolved
    tallies: dict[str, Counter] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # non-states, by name: rows
    unknown: Counter = field(default_factory=Counter)  # names no state has: rows
    states_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # rejoined lines, ties left out, ...
    errors: list[str] = field(default_factory=list)  # malformed values: the import stops
    committed: bool = False

    def counts(self, label: str) -> Counter:
        return self.tallies.setdefault(label, Counter())

    @property
    def stopped(self) -> bool:
        return bool(self.errors or self.unknown)

    def total(self, what: str) -> int:
        return sum(counter[what] for counter in self.tallies.values())

    def lines(self) -> list[str]:
        """The report as the terminal and the admin show it."""
        out = [f"{self.dataset}: {', '.join(self.file_names)}: {self.rows} records read, {self.kept} imported"]
        for label, counter in self.tallies.items():
            out.append(
                f"  {LABELS.get(label, label)}: {counter['created']} created, {counter['updated']} updated, "
                f"{counter['unchanged']} unchanged, {counter['conflicts']} conflicts"
            )
        if self.skipped:
            out.append(f"skipped (not a state), {sum(self.skipped.values())} rows:")
            out.extend(f"  {name}: {count}" for name, count in self.skipped.most_common())
        sections = (
            ("errors", self.errors),
            ("unknown names (add them to a state, as a name or alias, in the admin)", None),
            ("states added", self.states_added),
            ("conflicts (changed by an editor since the last import; left as they are)", self.conflicts),
            ("vanished (in an earlier import, not in this one; left as they are)", self.vanished),
            ("notes", self.notes),
        )
        for title, items in sections:
            if items is None:
                if self.unknown:
                    out.append(f"{title}:")
                    out.extend(f"  {name}: {count} rows" for name, count in self.unknown.most_common())
                continue
            if items:
                out.append(f"{title} ({len(items)}):")
                out.extend(f"  {item}" for item in items)
        if self.stopped:
            out.append("Stopped: nothing was imported.")
        elif self.dry_run:
            out.append("Dry run: nothing was written.")
        return out
