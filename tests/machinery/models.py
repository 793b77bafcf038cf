"""Gadgets: the smallest records made of the shared parts."""

from django.db import models

from curation.models import CuratedQuerySet, Keyed, Period, Publishable


class Gadget(Keyed, Publishable, Period):
    """A publishable, keyed record with a period, a name and an optional size."""

    name = models.CharField(max_length=50)
    size = models.IntegerField(null=True, blank=True)

    objects = CuratedQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        constraints = [models.CheckConstraint(condition=models.Q(size__gte=0), name="gadget_size_not_negative")]

    def __str__(self):
        return self.name
