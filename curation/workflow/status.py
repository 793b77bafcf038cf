"""The one status vocabulary of the editorial workflow.

A record is drafted, then published (only published records reach readers). A
claim can also be retracted, with a reason, instead of being deleted. Which of
these a model offers is said by its base class (``Publishable`` or
``Retractable`` in ``curation.models``).
"""

from django.db import models


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


#: What every publishable record may be.
PUBLISHABLE_CHOICES = [(EditorialStatus.DRAFT, "Draft"), (EditorialStatus.PUBLISHED, "Published")]
#: What a retractable record may also be.
RETRACTABLE_CHOICES = EditorialStatus.choices
