"""The base of every representation: its own fields, then what other apps contribute to it."""

import copy
from urllib.parse import quote

from rest_framework import serializers

from curation.registry import registry

from .json_sql import RequestLinks, SqlJson
from .links import detail_url_template


class RecordSerializer(serializers.ModelSerializer):
    """A model's representation, extended by the fields other apps register for it (``curation.registry``).

    The contributed fields come after the serializer's own, in the order registered;
    the view prepares what they read (``ResourceViewSet.get_queryset``).
    """

    def get_fields(self):
        # DRF builds a ModelSerializer's fields afresh for every instance: it inspects the model and
        # deep-copies each declared field (which calls the field's __init__ again). For a detail that was
        # four fifths of the serializer's time (320 of 400 us). The fields are built once per class here,
        # then copied: a plain field shallowly (it keeps no request state until it is bound), its child
        # likewise and bound to the copy; a nested serializer as DRF copies it. The registry's
        # contributions are all made when the apps are ready, before any serializer is instantiated.
        prototypes = type(self).__dict__.get("_field_prototypes")
        if prototypes is None:
            prototypes = super().get_fields()
            for name, field in registry.api_fields(type(self)):
                prototypes[name] = field
            type(self)._field_prototypes = prototypes
        return {name: fresh_field(field) for name, field in prototypes.items()}

    @classmethod
    def own_json_sql(cls, table: str, links: RequestLinks) -> SqlJson:
        """The serializer's own fields in SQL over ``table``'s row (``curation.api.json_sql``), in their
        order, with the values the fields give. A serializer that overrides this has its representation built
        by PostgreSQL (``in_sql``); one that does not is serialized in Python."""
        raise NotImplementedError(f"{cls.__name__} is serialized in Python")

    @classmethod
    def in_sql(cls) -> bool:
        """Whether PostgreSQL builds the whole representation: the own fields and every contribution."""
        known = cls.__dict__.get("_in_sql")
        if known is None:
            own = cls.own_json_sql.__func__ is not RecordSerializer.own_json_sql.__func__
            contributions = registry.api_contributions(cls)
            known = cls._in_sql = own and all(contribution.json_sql is not None for contribution in contributions)
        return known

    @classmethod
    def json_sql(cls, table: str, links: RequestLinks) -> SqlJson:
        """The whole representation in SQL (``in_sql`` must be true): own fields, then the contributed ones."""
        representation = cls.own_json_sql(table, links)
        for contribution in registry.api_contributions(cls):
            representation = representation + contribution.json_sql(table, links)
        return representation


def fresh_field(prototype: serializers.Field) -> serializers.Field:
    """An unbound copy of ``prototype`` for one serializer instance (see ``RecordSerializer.get_fields``)."""
    if isinstance(prototype, serializers.BaseSerializer):
        return copy.deepcopy(prototype)
    field = copy.copy(prototype)
    child = getattr(prototype, "child", None)
    if isinstance(child, serializers.Field):
        field.child = fresh_field(child)
        field.child.parent = field
    return field


class DetailUrlField(serializers.HyperlinkedIdentityField):
    """A record's ``api_url``: the view's path reversed once per process (``curation.api.links``), made
    absolute once per response, then the key put in its place.

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
            templates[view_name] = detail_url_template(request, view_name, self.lookup_url_kwarg, key)
        template = templates[view_name]
        if template is None:
            return super().get_url(obj, view_name, request, format)
        return f"{template[0]}{key}{template[1]}"
