"""A job: one uploaded file, its two steps (preview, commit), their progress and result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string


class JobState(models.TextChoices):
    PREVIEW_QUEUED = "preview_queued", "waiting to be checked"
    PREVIEWING = "previewing", "being checked"
    PREVIEWED = "previewed", "checked"
    COMMIT_QUEUED = "commit_queued", "waiting to be imported"
    COMMITTING = "committing", "being imported"
    COMMITTED = "committed", "imported"
    FAILED = "failed", "not imported"


QUEUED_STATES = (JobState.PREVIEW_QUEUED, JobState.COMMIT_QUEUED)
RUNNING_STATES = (JobState.PREVIEWING, JobState.COMMITTING)
FINISHED_STATES = (JobState.PREVIEWED, JobState.COMMITTED, JobState.FAILED)


class Job(models.Model):
    """An upload and what the background worker made of it; deleted when it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=200, help_text="Dotted path of the JobKind that checks and imports the upload.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    upload = models.BinaryField(help_text="The uploaded file; emptied once it is imported.")
    upload_sha256 = models.CharField(max_length=64)
    params = models.JSONField(default=dict, blank=True, help_text="What the kind needs besides the file.")
    state = models.CharField(max_length=20, choices=JobState.choices, default=JobState.PREVIEW_QUEUED)
    done = models.PositiveIntegerField(default=0, help_text="Rows (or other units) the running step has done.")
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Rows the running step has to do.")
    ok = models.BooleanField(null=True, help_text="Whether the last finished step allows going on.")
    result = models.JSONField(null=True, blank=True, help_text="What the last finished step found, for its page.")
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(help_text="Last sign of life of the step running it.")
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_latest_idx")]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    def kind_class(self):
        from .kinds import JobKind

        kind = import_string(self.kind)
        if not (isinstance(kind, type) and issubclass(kind, JobKind)):
            raise TypeError(f"{self.kind} is not a JobKind")
        return kind

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def can_confirm(self) -> bool:
        return self.state == JobState.PREVIEWED and bool(self.ok)
