"""Rules across an import's files, run once they are all written, inside the import's transaction.

The apps register them (``registry.register_import_check``): a claim may be corroborated only
with two independent origins, which its citations, in a later file, decide. Each problem is
placed on the row it names, or on the file when it names none.
"""

from __future__ import annotations

from curation.registry import registry

from .errors import Problem


def run_import_checks(rows: dict[type, dict[str, int]]) -> list[tuple[type | None, Problem]]:
    """``(resource class or None, problem)`` of every registered check, given ``{resource class: {key: row}}``."""
    problems: list[tuple[type | None, Problem]] = []
    for check in registry.import_checks():
        problems.extend(check(rows))
    return problems


def owner(resource_class: type | None, imported: list[type]) -> type:
    """The imported resource a problem goes to: the one it names (or a subclass of it), else the first."""
    if resource_class is not None:
        for candidate in imported:
            if issubclass(candidate, resource_class):
                return candidate
    return imported[0]
