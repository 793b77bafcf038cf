"""The schema's state pickers offer the states in the published data, not all of ISO 3166.

Every state parameter (``participant``, ``participant_all``, ``state``, ``pair``) refers
to the ``StateCode`` component (``curation.api.schema``), which lists every ISO 3166
code the API accepts, some 250. Swagger UI draws an enum as a picker, so the schema
served to a request narrows that list to the states a reader meets in the data
(``State.objects.in_published_records``: one query) and says so in each parameter's
description. The API still takes any ISO3 code, and a state's names and aliases
(``state_names``).

Nothing keeps a generated schema (drf-spectacular makes it for each request), so the
pickers follow the data as soon as something is published. Generated without a
request (``manage.py spectacular``), with nothing published, or while the database
cannot answer, the component keeps every ISO code: still true of what the API takes,
and the documentation pages still load.
"""

import logging

from django.db import DatabaseError

from curation.api.filters import STATE_CODE_SCHEMA_NAME

from ..models import State

logger = logging.getLogger(__name__)

STATE_CODE_REF = f"#/components/schemas/{STATE_CODE_SCHEMA_NAME}"
PICKER_DESCRIPTION = (
    "ISO 3166-1 alpha-3 code of a state that takes part in a published event or holds a published "
    "relationship (a former state: its ISO 3166-3 code, e.g. SUN). Any other ISO3 code is accepted too."
)
PICKER_HELP = (
    " The choices are the states that take part in published events or relationships; any other ISO3 code "
    "is accepted too."
)


def state_codes_in_data() -> list[str] | None:
    """The ISO3 codes the pickers offer, in order; None when the database cannot say."""
    try:
        return list(State.objects.in_published_records().order_by("iso3").values_list("iso3", flat=True))
    except DatabaseError:
        logger.warning(
            "The schema offers every ISO 3166 code: the states in the data could not be read.", exc_info=True
        )
        return None


def refers_to_state_code(schema: dict) -> bool:
    return STATE_CODE_REF in (schema.get("$ref"), schema.get("items", {}).get("$ref"))


def state_pickers(result, generator, request, public):
    """drf-spectacular postprocessing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``)."""
    components = result.get("components", {}).get("schemas", {})
    if request is None or STATE_CODE_SCHEMA_NAME not in components:
        return result
    codes = state_codes_in_data()
    if not codes:
        return result
    # A new dict: the generated component is curation's module-level schema itself.
    components[STATE_CODE_SCHEMA_NAME] = {
        **components[STATE_CODE_SCHEMA_NAME],
        "enum": codes,
        "description": PICKER_DESCRIPTION,
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                if refers_to_state_code(parameter.get("schema", {})):
                    parameter["description"] = parameter.get("description", "") + PICKER_HELP
    return result
