"""The base of every representation: its own fields, then what other apps contribute to it."""

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
