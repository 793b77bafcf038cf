"""Refusing, with a reason, to delete a record that other records still need.

Foreign keys to sources, states and events are PROTECT, so Django's delete
page already refuses and lists the records in the way. This mixin says why in
words, and also counts as "in the way" the claims tagged with a state (a
many-to-many link Django would otherwise silently cascade).
"""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

GENERIC_REASON = "A record that other records still refer to cannot be deleted."


def _admin_link(obj: models.Model, admin_site) -> str:
    opts = obj._meta
    try:
        url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    except NoReverseMatch:
        return f"{capfirst(opts.verbose_name)}: {obj}"
    return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)


class DeleteProtectionAdminMixin:
    #: Why a record of this model is kept while something refers to it (each admin says it in its words).
    delete_protection_reason = GENERIC_REASON

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *self._tagged_by(objs)]
        if protected:
            reason = self.delete_protection_reason
            self.message_user(
                request,
                f"Not deleted. {reason} The records below still refer to it: change or remove those "
                f"references first (or keep the {self.opts.verbose_name}).",
                messages.ERROR,
            )
        return to_delete, model_count, perms_needed, protected

    def _tagged_by(self, objs) -> list[str]:
        """Records linking to ``objs`` through another model's many-to-many field."""
        relations = [rel for rel in self.opts.related_objects if rel.many_to_many]
        links = []
        for obj in objs:
            for rel in relations:
                for other in getattr(obj, rel.get_accessor_name()).all():
                    links.append(_admin_link(other, self.admin_site))
        return links
