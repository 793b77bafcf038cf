"""The base of every representation: its own fields, then what other apps contribute to it."""

from urllib.parse import quote

from rest_framework import serializers

from curation.registry import registry


class RecordSerializer(serializers.ModelSerializer):
    """A model's representation, extended by the fields other apps register for it (``curation.registry``).

    The contributed fields come after the serializer's own, in the order registered;
    the view prepares what they read (``ResourceViewSet.get_queryset``).
    """

    def get_fields(self):
        fields = super().get_fields()
        for name, field in registry.api_fields(type(self)):
            fields[name] = field
        return fields


class DetailUrlField(serializers.HyperlinkedIdentityField):
    """A record's ``api_url``: ``reverse()`` once per response and view, then the key put in its place.

    Reversing a URL for every row of a page cost a sixth of the page's time. The
    keys are URL-safe (slugs, ISO3 codes); anything that would need quoting, or a
    format suffix, goes through ``reverse()`` as before.
    """

    def get_url(self, obj, view_name, request, format):
        key = str(getattr(obj, self.lookup_field, "") or "")
        if format or not key or quote(key, safe="") != key:
            return super().get_url(obj, view_name, request, format)
        templates = self.context.setdefault("detail_url_templates", {})
        if view_name not in templates:
            url = super().get_url(obj, view_name, request, format)
            prefix, found, suffix = url.rpartition(f"/{key}/")
            if not found:
                return url
            templates[view_name] = (prefix + "/", "/" + suffix)
        prefix, suffix = templates[view_name]
        return f"{prefix}{key}{suffix}"
