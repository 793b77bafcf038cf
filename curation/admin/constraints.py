"""Every database constraint surfaces as a form error, never as a server error.

Model validation already refuses most bad input before anything is written
(field validators, ``clean()``, and Django's check of ``Meta.constraints``).
What only PostgreSQL can judge (the exclusion of overlapping ties, a rule
covering a generated column, a row that appeared since the form was read) is
refused on save with an IntegrityError. ``ConstraintErrorsMixin`` then undoes
the save and shows the form again, with the constraint's message on the field
it concerns, or at the top of the form or of the inline it came from.

Messages come, in this order, from the admin's ``constraint_messages``, the CSV
resource's (the same rule in the same words), the record parts' conventions
(``curation.models``), and finally PostgreSQL's own words.
"""

from __future__ import annotations

import dataclasses
import re

from django.contrib.admin.options import csrf_protect_m
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, router, transaction

from curation.constraints import constraint_names, refusal_text, violated_constraint

from .keys import subclass_form

REFUSAL = "_axisdb_constraint_refusal"
#: How Django words a constraint it finds violated when it validates a form.
DJANGO_VIOLATION = re.compile(r"Constraint “(?P<name>[^”]+)” is violated\.")


@dataclasses.dataclass(frozen=True)
class Refusal:
    constraint: str | None
    model: type[models.Model] | None
    text: str  # PostgreSQL's message


def constraint_model(name: str | None) -> type[models.Model] | None:
    """The model whose table has the constraint ``name``."""
    if not name:
        return None
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        if name in constraint_names(model):
            return model
    return None


def convention_message(model: type[models.Model], name: str) -> tuple[str | None, str] | None:
    """``(field, message)`` for the constraints every record part brings (see ``curation.models``)."""
    opts = model._meta
    prefix = f"{opts.model_name}_"
    rule = name[len(prefix) :] if name.startswith(prefix) else name
    if rule == "slug_not_empty":
        return "slug", "Give the record a key."
    if rule == "retraction_has_reason":
        return "retraction_reason", "Say why it is retracted: a retraction needs a reason."
    if rule == "end_not_before_start":
        return "end", "The end cannot be before the start."
    if rule.endswith("_is_partial_date"):
        field = rule.removesuffix("_is_partial_date")
        return field, "Not a partial date: use YYYY, YYYY-MM or YYYY-MM-DD."
    fields = constraint_names(model).get(name, ())
    if name.endswith(("_pkey", "_key", "_uniq")) or (fields and len(fields) > 1):
        labels = " and ".join(str(opts.get_field(f).verbose_name) for f in fields) if fields else "key"
        field = fields[0] if len(fields) == 1 else None
        return field, f"Another {opts.verbose_name} already has this {labels}."
    return None


class ConstraintErrorsMixin:
    """For ModelAdmin: a constraint the database enforces is a form error, never a 500."""

    #: ``{constraint name: message}`` or ``{constraint name: (field, message)}``.
    constraint_messages: dict[str, str | tuple[str | None, str]] = {}

    def constraint_error(self, name: str | None) -> tuple[str | None, str] | None:
        """``(field or None, message)`` for the constraint ``name`` of this admin's model, or None."""
        if not name:
            return None
        own = self.constraint_messages.get(name)
        if own is not None:
            return own if isinstance(own, tuple) else (None, own)
        for resource in getattr(self, "resource_classes", None) or ():
            text = getattr(resource, "constraint_messages", {}).get(name)
            if text:
                return None, text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
        return convention_message(self.model, name)

    def constraint_message(self, constraint: str | None, model=None) -> str:
        error = self._admin_of(constraint_model(constraint) or model or self.model).constraint_error(constraint)
        return error[1] if error else ""

    def _admin_of(self, model) -> ConstraintErrorsMixin:
        other = self.admin_site._registry.get(model)
        return other if isinstance(other, ConstraintErrorsMixin) else self

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self._changeform_view(request, object_id, form_url, extra_context)
        using = router.db_for_write(self.model)
        try:
            with transaction.atomic(using=using):
                return self._changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            # Everything of this save was rolled back. Validate the same POST again,
            # with the refusal as an error of the form or inline it concerns: the
            # page comes back with the editor's input and the reason.
            name = violated_constraint(error)
            setattr(request, REFUSAL, Refusal(name, constraint_model(name), refusal_text(error)))
            with transaction.atomic(using=using):
                return self._changeform_view(request, object_id, form_url, extra_context)

    def _refusal_for(self, request, model) -> tuple[str | None, str] | None:
        """``(field, message)`` of the refused save, if it concerns the form (or inline) of ``model``."""
        refusal: Refusal | None = getattr(request, REFUSAL, None)
        if refusal is None:
            return None
        shown = {self.model, *(inline.model for inline in self.get_inline_instances(request))}
        owner = refusal.model if refusal.model in shown else self.model
        if owner is not model:
            return None
        error = self._admin_of(owner).constraint_error(refusal.constraint)
        return error or (None, f"The database refused this change: {refusal.text}")

    def constraint_text(self, text: str) -> str:
        """Django's "Constraint “name” is violated." in the admin's words for that constraint."""
        match = DJANGO_VIOLATION.fullmatch(text)
        if match is None:
            return text
        return self.constraint_message(match["name"]) or text

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refused = self._refusal_for(request, self.model)
        form = form if refused is None else _refused_form(form, *refused)
        return _worded_form(form, self)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            refused = self._refusal_for(request, inline.model)
            yield (formset if refused is None else _refused_formset(formset, refused[1])), inline


def _worded_form(form_class, model_admin):
    """``form_class`` whose constraint errors found by Django read as the admin words them."""

    class Worded:
        def _post_clean(self):
            super()._post_clean()
            for field, errors in self._errors.items():
                self._errors[field] = self.error_class(
                    [model_admin.constraint_text(str(error)) for error in errors],
                    error_class="nonfield" if field == NON_FIELD_ERRORS else None,
                    renderer=self.renderer,
                )

    return subclass_form(form_class, (Worded,))


def _refused_form(form_class, field: str | None, message: str):
    """``form_class`` that reports ``message`` (on ``field`` if the form shows it)."""

    class Refused:
        def _post_clean(self):
            super()._post_clean()
            self.add_error(field if field in self.fields else None, message)

    return subclass_form(form_class, (Refused,))


def _refused_formset(formset_class, message: str):
    """``formset_class`` that reports ``message`` above its rows."""

    class RefusedFormSet(formset_class):
        def clean(self):
            super().clean()
            raise ValidationError(message, code="constraint")

    RefusedFormSet.__name__ = formset_class.__name__
    return RefusedFormSet
