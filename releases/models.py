"""A numbered release of the public data: the zip it was cut as, with its date and content digest."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

VERSION_REGEX = r"^[0-9]+(\.[0-9]+){0,2}$"


class ReleaseQuerySet(models.QuerySet):
    def finished(self):
        """Releases whose zip is written (a release being cut, or one that failed, is not shown)."""
        return self.exclude(sha256="")

    def moment_of(self, version: str):
        """The moment of the data of the finished release ``version`` (None if there is no such release)."""
        return self.finished().filter(version=version).values_list("snapshot_at", flat=True).first()

    def latest_first(self):
        return self.order_by("-created_at", "-version")


class Release(models.Model):
    version = models.CharField(
        max_length=20,
        unique=True,
        validators=[RegexValidator(VERSION_REGEX, "A release number: 1, 1.2 or 1.2.3.")],
        help_text="The release's number (1, 1.2 or 1.2.3); it names the release for good.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When the release was asked for.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot_at = models.DateTimeField(
        null=True, blank=True, help_text="The moment of the data it holds (when its files were read)."
    )
    file_name = models.CharField(max_length=100, blank=True, help_text="The zip, in AXISDB_RELEASES_DIR.")
    size = models.BigIntegerField(null=True, blank=True, help_text="The zip's size in bytes.")
    sha256 = models.CharField(
        "SHA-256", max_length=64, blank=True, help_text="The zip's SHA-256 digest; empty until it is written."
    )
    checksums = models.JSONField(default=dict, blank=True, help_text="The SHA-256 of each file in the zip.")
    changelog = models.JSONField(
        default=dict, blank=True, help_text="What was added, changed and withdrawn since the previous release."
    )
    error = models.TextField(blank=True, help_text="Why cutting it failed, if it did.")

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at", "-version"], name="release_latest_first_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(version__regex=VERSION_REGEX), name="release_version_format"),
        ]

    def __str__(self):
        return f"release {self.version}"

    @property
    def state(self) -> str:
        if self.sha256:
            return "finished"
        return "failed" if self.error else "being cut"
