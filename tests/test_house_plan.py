"""The house plan holds: the machinery imports no app, events never reaches sources, and the
project sits on top. Checked on every import statement of the code, not on its comments."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("events", "sources", "datasets")


def imported_modules(package: str) -> dict[str, set[str]]:
    """Every module each file of ``package`` imports (absolute names; relative ones resolved)."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".")[: -node.level]
                    names.add(".".join([*base, node.module] if node.module else base))
                else:
                    names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path} imports {name}"
        for path, names in imported_modules(package).items()
        for name in names
        if name.split(".")[0] in forbidden
    ]


def test_the_machinery_imports_no_app_and_not_the_project():
    assert offending("curation", (*APPS, "axisdb")) == []


def test_events_never_imports_sources():
    assert offending("events", ("sources", "datasets", "axisdb")) == []


def test_sources_builds_on_events_only():
    assert offending("sources", ("datasets", "axisdb")) == []


def test_events_does_not_reach_sources_by_name_either():
    """No model label, app label or URL name of sources in events' code (outside comments)."""
    for path in (ROOT / "events").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        strings = [
            node.value
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        for text in strings:
            assert "sources." not in text and "api:claim" not in text and "api:source" not in text, (path, text)


def test_the_explorer_sits_on_top_of_events_and_sources_and_only_the_urls_reach_it():
    assert offending("explorer", ("datasets", "axisdb")) == []
    for package in ("curation", "events", "sources", "datasets"):
        assert offending(package, ("explorer",)) == []
    reaching = [path for path, names in imported_modules("axisdb").items() if any("explorer" in n for n in names)]
    assert reaching == []  # axisdb/urls.py names it in include("explorer.urls"), a string
