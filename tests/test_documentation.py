"""The documents stay true to the code: every setting read from the environment is in the
README's configuration tables, every API filter is in the README and the schema, and every
fixture column is described in fixtures/README.md."""

import ast
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from axisdb.api_urls import router
from curation.csvio.importer import fixture_resources

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text(encoding="utf-8")
FIXTURES_README = (ROOT / "fixtures" / "README.md").read_text(encoding="utf-8")
PROJECT_PACKAGES = ("axisdb", "curation", "events", "sources", "datasets")
ENV_READERS = {"env_bool", "env_int", "env_list", "getenv", "get"}


def environment_variables_read() -> set[str]:
    """Names the project's code reads from the environment (os.environ.get/[...], os.getenv, env_*())."""
    names = set()
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    is_environ = name != "get" or (isinstance(func, ast.Attribute) and _is_environ(func.value))
                    if name in ENV_READERS and is_environ and isinstance(node.args[0].value, str):
                        names.add(node.args[0].value)
                elif (
                    isinstance(node, ast.Subscript)
                    and _is_environ(node.value)
                    and isinstance(node.slice, ast.Constant)
                    and isinstance(node.slice.value, str)
                ):
                    names.add(node.slice.value)
    return names


def _is_environ(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def documented_variables() -> set[str]:
    """Names in the first cell of the README's tables (``| `NAME`, `OTHER` | ...``)."""
    names = set()
    for line in README.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_every_setting_read_from_the_environment_is_in_the_readme():
    read = environment_variables_read()
    assert {"DATABASE_URL", "SECRET_KEY", "AXISDB_API_PAGE_SIZE"} <= read  # the scan finds them
    assert read - documented_variables() == set()


def api_section() -> str:
    return README.split("## The API", 1)[1].split("\n## ", 1)[0]


@pytest.mark.django_db  # the served schema's state pickers read the states in the data
@pytest.mark.parametrize("prefix, viewset", [(prefix, viewset) for prefix, viewset, _ in router.registry])
def test_every_api_filter_is_in_the_readme_and_the_schema(client, prefix, viewset):
    section = api_section()
    schema = yaml.safe_load(client.get("/api/schema/").content)
    parameters = {parameter["name"] for parameter in schema["paths"][f"/api/{prefix}/"]["get"]["parameters"]}
    for name in viewset.filterset_class.base_filters:
        assert f"`{name}`" in section or f"`{name}=" in section, f"{prefix}: {name} is not in the README"
        assert name in parameters, f"{prefix}: {name} is not in the schema"


def fixture_section(file_name: str) -> str:
    return FIXTURES_README.split(f"## {file_name}", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("resource", fixture_resources(), ids=lambda resource: resource.file_name)
def test_every_fixture_column_is_in_the_fixtures_readme(resource):
    rows = {
        re.match(r"\| `([^`]+)`", line).group(1)
        for line in fixture_section(resource.file_name).splitlines()
        if re.match(r"\| `([^`]+)`", line)
    }
    assert set(resource.column_names()) - rows == set()


def test_every_fixture_file_is_in_the_readmes_import_order():
    listed = re.findall(r"^\| `(\w+\.csv)` \|", FIXTURES_README, flags=re.M)
    assert listed == [resource.file_name for resource in fixture_resources()]
