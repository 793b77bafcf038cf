"""Web addresses (a source's URL) that are safe to show and link to, and what the API promises.

Django's URLValidator lets through anything after the host that is not a space
character class it knows, so ``https://example.org/"><script>...`` passes, and the
API would then serve it as an OpenAPI ``format: uri``. A web address here is
stricter: ``http`` or ``https``, a host, and only the characters RFC 3986 allows
in a URI (printable ASCII without spaces, quotes, angle brackets, backslashes,
braces, ``|``, ``^`` or backticks). Anything else must be percent-encoded, as a
browser's address bar copies it (``%20`` for a space, ``%22`` for a quote).

``WebAddressField`` checks this in the admin and in CSV imports (model validation).
Addresses stored before the rule are never changed behind anyone's back: the
system check ``curation.W001`` (run by ``migrate`` and ``manage.py check --database
default``) lists each record that holds one, for an editor to correct.
"""

from __future__ import annotations

import re

from django import forms
from django.apps import apps
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, models
from django.utils.deconstruct import deconstructible
from pghistory.models import Event as HistoryEvent

SCHEMES = ("http", "https")
# Characters RFC 3986 never allows in a URI, whatever the component (besides non-ASCII and controls).
FORBIDDEN = set(" \"'<>\\^`{|}")
FORBIDDEN_SHOWN = "spaces, quotes, < > \\ ^ ` { | }"
PRINTABLE_ASCII = re.compile(r"[\x21-\x7e]*")


@deconstructible
class WebAddressValidator:
    """Refuses anything but an ``http``/``https`` URL made of RFC 3986 characters."""

    code = "invalid_web_address"

    def __call__(self, value: str) -> None:
        problem = web_address_problem(value)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other):
        return isinstance(other, WebAddressValidator)


def web_address_problem(value: str) -> str | None:
    """Why ``value`` is not a web address, in an editor's words; None when it is one."""
    bad = sorted({char for char in value if char in FORBIDDEN})
    if bad:
        shown = ", ".join("a space" if char == " " else repr(char) for char in bad)
        return (
            f"A web address may not contain {shown} ({FORBIDDEN_SHOWN} are never part of one): "
            "percent-encode them (%20 for a space, %22 for a double quote) or copy the address from the browser."
        )
    if not PRINTABLE_ASCII.fullmatch(value):
        return (
            "A web address is written in ASCII: percent-encode other characters "
            "(copy the address from the browser's address bar)."
        )
    try:
        URLValidator(schemes=list(SCHEMES))(value)
    except ValidationError:
        return (
            "Not a web address: give a full http:// or https:// address with a host, e.g. https://example.org/report."
        )
    return None


class WebAddressFormField(forms.URLField):
    """A form's URL field checking with ``WebAddressValidator`` instead of Django's laxer URLValidator."""

    default_validators = [WebAddressValidator()]


class WebAddressField(models.URLField):
    """A URL field that accepts only web addresses as ``web_address_problem`` defines them."""

    default_validators = [WebAddressValidator()]

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", WebAddressFormField)
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


def web_address_fields() -> list[tuple[type[models.Model], WebAddressField]]:
    """The web address fields of the records (not of their history, which keeps what was stored)."""
    return [
        (model, field)
        for model in apps.get_models()
        if not issubclass(model, HistoryEvent)
        for field in model._meta.concrete_fields
        if isinstance(field, WebAddressField)
    ]


@checks.register(checks.Tags.database)
def check_stored_web_addresses(app_configs=None, databases=None, **kwargs):
    """A warning for every stored web address that the rule refuses (data is never changed here)."""
    if not databases:
        return []
    warnings = []
    for model, field in web_address_fields():
        if app_configs is not None and model._meta.app_config not in app_configs:
            continue
        key = "slug" if any(f.name == "slug" for f in model._meta.concrete_fields) else "pk"
        for database in databases:
            try:
                rows = list(
                    model._base_manager.using(database)
                    .exclude(**{field.attname: ""})
                    .values_list(key, field.attname)
                    .order_by(key)
                )
            except DatabaseError:
                continue  # not migrated yet: nothing stored to check
            for record_key, value in rows:
                problem = web_address_problem(value)
                if problem:
                    warnings.append(
                        checks.Warning(
                            f"{model._meta.label} {record_key}: {field.name} {value[:200]!r} is not a web address: "
                            f"{problem}",
                            hint="Correct it in the admin; nothing was changed automatically.",
                            obj=model,
                            id="curation.W001",
                        )
                    )
    return warnings
