"""The OpenAPI schema, the documentation pages (offline) and the API root."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders

from events.api.views import EventViewSet, RelationshipViewSet, StateViewSet
from sources.api.citations import CitationViewSet
from sources.api.views import ClaimViewSet, SourceViewSet
from tests.api_support import fresh_throttle  # noqa: F401

pytestmark = pytest.mark.django_db

VIEWSETS = {
    "/api/states/": StateViewSet,
    "/api/events/": EventViewSet,
    "/api/relationships/": RelationshipViewSet,
    "/api/claims/": ClaimViewSet,
    "/api/sources/": SourceViewSet,
    "/api/citations/": CitationViewSet,
}
DETAILS = {
    "/api/states/{iso3}/",
    "/api/events/{slug}/",
    "/api/relationships/{slug}/",
    "/api/claims/{slug}/",
    "/api/sources/{slug}/",
    "/api/citations/{key}/",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_openapi_3_in_yaml_and_json(client, schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "axisdb API"
    as_json = client.get("/api/schema/", {"format": "json"})
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json()["paths"].keys() == schema["paths"].keys()


def test_every_resource_has_a_list_and_a_detail(schema):
    assert set(schema["paths"]) == {"/api/", *VIEWSETS, *DETAILS, "/api/changes/", "/api/download/", "/api/search/"} | {
        "/api/releases/",
        "/api/releases/{version}/",
        "/api/releases/{version}/download/",
    }
    for operations in schema["paths"].values():
        assert set(operations) == {"get"}  # read-only


def test_every_operation_documents_its_errors(schema):
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        assert {"200", "400", "404", "405", "429"} <= set(responses), path
        for code in ("400", "404", "405", "429"):
            assert set(responses[code]["content"]) == {"application/json"}, (path, code)
        if path != "/api/":
            assert "304" in responses
            assert {"ETag", "Last-Modified", "Cache-Control"} <= set(responses["200"]["headers"])


@pytest.mark.parametrize("path", list(VIEWSETS))
def test_every_filter_is_in_the_schema(schema, path):
    parameters = {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}
    filters = set(VIEWSETS[path].filterset_class.base_filters)
    assert filters <= set(parameters)
    assert set(parameters) == filters | {"cursor", "page_size", "format"}
    assert "updated_since" in filters
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["format"]["schema"]["enum"] == ["csv", "json"]
    for name in filters:
        assert parameters[name]["description"], name
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv"}


def test_the_filters_as_issue_4_lists_them(schema):
    def names(path):
        return {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}

    assert {"participant", "participant_all", "role", "type", "domain", "from", "to", "q", "ordering"} <= names(
        "/api/events/"
    )
    assert {"state", "pair", "kind", "active_on", "q", "ordering"} <= names("/api/relationships/")
    assert {"event", "relationship", "state", "stance", "status", "credibility", "claimant", "source", "q"} <= names(
        "/api/claims/"
    )
    assert {"kind", "publisher", "reliability", "from", "to", "q", "ordering"} <= names("/api/sources/")


def test_parameters_describe_exactly_what_is_accepted(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/events/"]["get"]["parameters"]}
    assert parameters["participant"]["style"] == "form"
    assert parameters["participant"]["explode"] is False
    assert parameters["participant"]["schema"]["items"] == {"$ref": "#/components/schemas/StateCode"}
    codes = schema["components"]["schemas"]["StateCode"]["enum"]
    assert {"RUS", "CHN", "IRN", "PRK", "USA"} <= set(codes)
    assert "XYZ" not in codes
    branches = parameters["from"]["schema"]["anyOf"]
    patterns = [branch["pattern"] for branch in branches]
    assert branches[2]["format"] == "date"
    assert re.match(patterns[2], "2024-03-17") and not re.match(patterns[2], "9999-03-17")
    assert re.match(patterns[0], "2024") and not re.match(patterns[0], "0000")
    assert re.match(patterns[1], "2024-03") and not re.match(patterns[1], "2024-13")
    assert parameters["ordering"]["schema"]["items"]["enum"] == [
        "start",
        "-start",
        "end",
        "-end",
        "title",
        "-title",
        "key",
        "-key",
        "claim_count",  # contributed by sources (registry.contribute_sort)
        "-claim_count",
    ]


def test_partial_dates_are_documented(schema):
    partial = schema["components"]["schemas"]["PartialDate"]
    assert set(partial["properties"]) == {"value", "precision", "approximate"}
    assert schema["components"]["schemas"]["PrecisionEnum"]["enum"] == ["day", "month", "year"]


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_pages_work_offline(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL.search(html), "the page loads something from another host"
    for host in ("cdn.jsdelivr.net", "unpkg.com", "googleapis", "gstatic", "cdnjs"):
        assert host not in html
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    static = [asset for asset in assets if asset.startswith("/static/")]
    assert static, "the page loads its scripts from our static files"
    for asset in static:
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a static file we ship"
    # The start-up script carries the Content-Security-Policy nonce.
    nonce = re.search(r"<script nonce=\"([^\"]+)\"", html).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    # The page reads our schema.
    assert "/api/schema/" in html


def test_swagger_ui_does_not_call_the_online_validator(client):
    html = client.get("/api/docs/").content.decode()
    assert '"validatorUrl": null' in html


def test_the_api_root_links_every_resource_and_the_docs(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response.json() == {
        "states": "http://testserver/api/states/",
        "events": "http://testserver/api/events/",
        "relationships": "http://testserver/api/relationships/",
        "claims": "http://testserver/api/claims/",
        "sources": "http://testserver/api/sources/",
        "citations": "http://testserver/api/citations/",
        "changes": "http://testserver/api/changes/",
        "search": "http://testserver/api/search/",
        "releases": "http://testserver/api/releases/",
        "download": "http://testserver/api/download/",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
        "redoc": "http://testserver/api/redoc/",
        "current_release": None,
        "license": "not yet chosen",
        "how_to_cite": response.json()["how_to_cite"],
    }
    for name, link in response.json().items():
        if name in ("current_release", "license", "how_to_cite"):
            continue
        assert client.get(link).status_code == (400 if name in ("changes", "search") else 200)  # they ask for since, q


def test_the_schema_validates_without_a_warning(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["openapi"].startswith("3.")


def test_try_it_out_prefills_no_parameter(schema):
    """Swagger UI fills "Try it out" from examples and defaults: pressing Execute must not quietly filter."""
    for path, operations in schema["paths"].items():
        for parameter in operations["get"].get("parameters", []):
            assert not {"example", "examples", "default"} & set(parameter), (path, parameter["name"])
            assert not {"example", "examples", "default"} & set(parameter["schema"]), (path, parameter["name"])
