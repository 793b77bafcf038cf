"""What a data set import last wrote to each record, to tell the data set's changes from an editor's."""

from django.db import models


class Dataset(models.TextChoices):
    SIPRI = "sipri", "SIPRI Arms Transfers Database"
    ATOP = "atop", "ATOP alliance data"


class ImportedRecord(models.Model):
    """One record (event, claim, relationship) as an import of a data set wrote it.

    ``digest`` is a hash of the record's content as written (its fields, participants,
    citation). When a later import finds the record's content no longer matches it, an
    editor has changed the record since: the import lists it as a conflict and leaves it.
    """

    dataset = models.CharField(max_length=10, choices=Dataset.choices)
    record_key = models.CharField(
        max_length=600, help_text="The data set's own key of what the record stands for (a deal, an alliance tie)."
    )
    model = models.CharField(max_length=40, help_text="The record's model, e.g. events.event.")
    slug = models.CharField(max_length=120, help_text="The record's key in axisdb.")
    digest = models.CharField(max_length=40, help_text="Hash of the content the import wrote.")
    line = models.CharField(max_length=100, blank=True, help_text="Where in the file it was read, e.g. line 20878.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "slug"], name="imported_record_once")]
        indexes = [models.Index(fields=["dataset", "model"])]

    def __str__(self):
        return f"{self.model} {self.slug} ({self.get_dataset_display()})"
