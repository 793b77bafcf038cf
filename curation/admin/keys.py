"""Keys (slugs) that fill themselves in: from the title, the statement, or the states and kind.

While an editor types, ``curation/keys.js`` writes the key from the fields the
admin names in ``key_from`` (Django's ``prepopulated_fields`` does the same for
a title). A key left empty is made on the server from the same fields, unique
among the model's records, so that a first save never fails for want of one.
"""

from __future__ import annotations

import re

from django import forms
from django.db import models
from django.utils.text import slugify

from curation.partial_dates import PartialDate

MAX_KEY_LENGTH = 100


def key_part(value, *, words: int) -> str:
    """One field's contribution to a key: a record's key, a year, or the first ``words`` words."""
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        value = getattr(value, "slug", None) or value.pk
    if isinstance(value, PartialDate):
        return str(value.year)
    text = slugify(str(value).replace("_", "-"))
    return "-".join(text.split("-")[:words])


def make_key(values, *, words: int = 8) -> str:
    """``["RUS", "PRK", "arms_supplier", PartialDate(2023)]`` -> ``rus-prk-arms-supplier-2023``."""
    key = "-".join(part for part in (key_part(value, words=words) for value in values) if part)
    key = re.sub(r"-+", "-", key).strip("-")
    if len(key) > MAX_KEY_LENGTH:
        key = key[:MAX_KEY_LENGTH].rsplit("-", 1)[0]
    return key


def unique_key(model: type[models.Model], base: str, *, exclude_pk=None) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no other record of ``model`` has."""
    taken = set(
        model._default_manager.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


class KeyFillingForm(forms.ModelForm):
    """A model form whose empty ``slug`` is made from ``key_sources`` when it is saved."""

    key_sources: tuple[str, ...] = ()
    key_words: int = 8

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and "slug" not in self.errors:
            base = make_key([cleaned.get(name) for name in self.key_sources], words=self.key_words)
            if base:
                cleaned["slug"] = unique_key(self._meta.model, base, exclude_pk=self.instance.pk)
            else:
                names = " and ".join(str(self.fields[n].label).lower() for n in self.key_sources if n in self.fields)
                self.add_error("slug", f"Give a key, or fill in the {names} it is made from.")
        return cleaned


def key_filling_form(form_class: type[forms.ModelForm], sources: tuple[str, ...], words: int, *, live: bool):
    """``form_class`` with an optional key made from ``sources``; ``live``: keys.js fills it while typing."""
    slug = form_class.base_fields.get("slug")
    if slug is None or not sources:
        return form_class
    slug.required = False
    named = " and ".join(sources).replace("_", " ")
    slug.help_text = f"{slug.help_text} Left empty, it is made from the {named}."
    if live:
        slug.widget.attrs.update({"data-key-from": " ".join(f"id_{name}" for name in sources), "data-key-words": words})
    return subclass_form(form_class, (KeyFillingForm,), {"key_sources": sources, "key_words": words})


def subclass_form(form_class, mixins: tuple = (), attributes: dict | None = None):
    """A subclass of the model form ``form_class`` that keeps its fields as they are.

    (Subclassing a ModelForm makes its fields again from the model, which would undo
    what the admin did to them: the status choices a user may set, an optional key.)
    """
    subclass = type(form_class.__name__, (*mixins, form_class), dict(attributes or {}))
    subclass.base_fields = form_class.base_fields
    subclass.declared_fields = form_class.declared_fields
    return subclass
