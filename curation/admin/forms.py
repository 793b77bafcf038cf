"""How curated admin forms behave for the editor: fields as they write them, keys that fill
themselves in, and a save that returns to where the editor came from."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .fields import formfield_for
from .keys import key_filling_form

#: The query parameter naming the admin page to go back to after saving (e.g. the event
#: whose "Add a claim about this event" link opened the form).
NEXT_VAR = "next"
#: The POST field of a follow-up save button: its index among the model's follow-ups.
FOLLOW_UP_VAR = "_follow_up"


class CuratedFormsMixin:
    #: Fields a record's empty key is made from (besides ``prepopulated_fields["slug"]``),
    #: filled in while typing by ``curation/keys.js``.
    key_from: tuple[str, ...] = ()
    #: How many words of each text field go into a key.
    key_words: int = 8

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.choices or db_field.is_relation:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        field = formfield_for(db_field)
        return field if field is not None else super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        sources = self.key_from or tuple(self.get_prepopulated_fields(request, obj).get("slug", ()))
        return key_filling_form(form, sources, self.key_words, live=bool(self.key_from))

    def autocomplete_label(self, obj) -> str:
        """How a record reads in the autocomplete boxes of other forms (SourceAdmin adds its grade)."""
        return str(obj)

    # --- going back where the editor came from ---------------------------------

    def next_url(self, request) -> str | None:
        url = request.GET.get(NEXT_VAR) or request.POST.get(NEXT_VAR)
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return (
            self._follow_up(request, obj, "added")
            or self._back(request, obj, "added")
            or super().response_add(request, obj, post_url_continue)
        )

    def response_change(self, request, obj):
        return (
            self._follow_up(request, obj, "changed")
            or self._back(request, obj, "changed")
            or super().response_change(request, obj)
        )

    # --- "Save and add a claim about it" ---------------------------------------------

    def follow_ups(self, request) -> list:
        """The follow-up save buttons other apps contribute that this user may use."""
        from curation.registry import registry

        return [
            follow_up
            for contribution in registry.admin_contributions(self.model)
            for follow_up in contribution.follow_ups
            if follow_up.allowed(request)
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if not context.get("is_popup") and self.has_change_permission(request, obj):
            context["follow_ups"] = list(enumerate(follow_up.label for follow_up in self.follow_ups(request)))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _follow_up(self, request, obj, verb: str):
        chosen = request.POST.get(FOLLOW_UP_VAR)
        follow_ups = self.follow_ups(request)
        if chosen is None or not chosen.isdigit() or int(chosen) >= len(follow_ups) or "_popup" in request.POST:
            return None
        self.message_user(request, f"The {self.opts.verbose_name} “{obj}” was {verb}.", messages.SUCCESS)
        return HttpResponseRedirect(follow_ups[int(chosen)].url(request, obj))

    def _back(self, request, obj, verb: str):
        """After a plain "Save", go back to the page named by ``next`` (if it is ours)."""
        url = self.next_url(request)
        if url is None or "_save" not in request.POST or "_popup" in request.POST:
            return None
        self.message_user(request, f"The {self.opts.verbose_name} “{obj}” was {verb}.", messages.SUCCESS)
        return HttpResponseRedirect(url)
