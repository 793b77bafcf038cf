"""Starting, running, confirming and expiring jobs (the worker's tasks call into these)."""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .kinds import JobKind
from .models import QUEUED_STATES, RUNNING_STATES, Job, JobState
from .progress import Progress

logger = logging.getLogger(__name__)

TOKEN_SALT = "axisdb.jobs.confirm"
#: Uploads one user may keep at once; a new one discards the oldest beyond that (unless running).
MAX_JOBS_PER_USER = 5
#: A running step that gave no sign of life for this long has died with its worker.
STALE_AFTER = datetime.timedelta(minutes=2)
STEPS = {
    "preview": (JobState.PREVIEW_QUEUED, JobState.PREVIEWING, JobState.PREVIEWED),
    "commit": (JobState.COMMIT_QUEUED, JobState.COMMITTING, JobState.COMMITTED),
}


class JobRefusedError(Exception):
    """A confirmation that cannot be honoured: forged, stale, someone else's, or expired. Nothing was touched."""


def expiry() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.AXISDB_IMPORT_EXPIRY_MINUTES)


def job_start(*, kind: type[JobKind], user, file_name: str, data: bytes, params: dict | None = None) -> Job:
    """Store an upload as a new job of ``kind`` for ``user`` and queue its preview.

    The user's oldest jobs beyond ``MAX_JOBS_PER_USER`` are discarded (running ones
    are kept), and a cleanup is scheduled for the job's expiry.
    """
    from .tasks import job_run

    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind.path(),
            user=user,
            file_name=file_name[:255],
            upload=data,
            upload_sha256=hashlib.sha256(data).hexdigest(),
            params=params or {},
            heartbeat_at=now,
            expires_at=now + expiry(),
        )
        kept = Job.objects.filter(user=user).exclude(state__in=RUNNING_STATES).order_by("-created_at")
        stale = list(kept.values_list("pk", flat=True)[MAX_JOBS_PER_USER:])
        if stale:
            Job.objects.filter(pk__in=stale).delete()
        job_run.enqueue(str(job.pk), "preview")
        _schedule_cleanup(job.expires_at)
    return job


def _schedule_cleanup(at: datetime.datetime) -> None:
    from .tasks import jobs_cleanup

    if jobs_cleanup.get_backend().supports_defer:
        jobs_cleanup.using(run_after=at + datetime.timedelta(seconds=1)).enqueue()


def job_token(job: Job) -> str:
    """The signed token that the preview page sends back to confirm ``job`` (and only it, by its user)."""
    payload = {"job": str(job.pk), "user": job.user_id, "sha256": job.upload_sha256}
    return signing.dumps(payload, salt=TOKEN_SALT)


def job_confirm(*, token: str, user, kind: type[JobKind], scope: dict | None = None) -> Job:
    """Queue the import of the job that ``token`` names, after checking everything about it.

    Raises JobRefusedError (and touches nothing) for a forged or expired token, another
    user's job, another kind's, one outside ``scope`` (more Job filters, e.g. its
    params), a job gone or expired, or a preview with errors. A job confirmed
    already is returned as it is (a second click changes nothing).
    """
    from .tasks import job_run

    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=expiry())
    except signing.SignatureExpired:
        raise JobRefusedError("This preview has expired: upload the file again.") from None
    except signing.BadSignature:
        raise JobRefusedError("This confirmation was not issued by this site: upload the file again.") from None
    if not isinstance(payload, dict) or payload.get("user") != user.pk:
        raise JobRefusedError("This confirmation belongs to another user.")
    with transaction.atomic():
        try:
            job = (
                Job.objects.select_for_update()
                .filter(
                    pk=payload.get("job"),
                    user=user,
                    kind=kind.path(),
                    upload_sha256=payload.get("sha256"),
                    expires_at__gt=timezone.now(),
                    **(scope or {}),
                )
                .first()
            )
        except (ValidationError, ValueError):
            job = None
        if job is None:
            raise JobRefusedError("This upload has expired or does not exist: upload the file again.")
        if job.state in (JobState.COMMIT_QUEUED, JobState.COMMITTING, JobState.COMMITTED):
            return job
        if not job.can_confirm:
            raise JobRefusedError("This upload cannot be imported: its check found errors, or is not finished.")
        job.state, job.done, job.total, job.heartbeat_at = JobState.COMMIT_QUEUED, 0, None, timezone.now()
        job.save(update_fields=["state", "done", "total", "heartbeat_at"])
        job_run.enqueue(str(job.pk), "commit")
    return job


def job_step_run(*, job_id: str, step: str) -> str:
    """Run ``step`` ("preview" or "commit") of a queued job; what happened, in a word."""
    queued, running, finished = STEPS[step]
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=queued, expires_at__gt=now).update(
        state=running, done=0, total=None, heartbeat_at=now
    )
    if not claimed:
        return "gone"  # expired, discarded, or run already
    job = Job.objects.select_related("user").get(pk=job_id)
    progress = Progress(job.pk, table=Job._meta.db_table)
    try:
        outcome = getattr(job.kind_class()(), step)(job, progress)
    except Exception as error:
        logger.exception("job %s (%s) failed in its %s", job_id, job.kind, step)
        Job.objects.filter(pk=job_id).update(
            state=JobState.FAILED,
            ok=False,
            result={"error": f"unexpected error: {error}"},
            heartbeat_at=timezone.now(),
        )
        raise
    finally:
        progress.close()
    updates = {
        "state": finished if (outcome.ok or step == "preview") else JobState.FAILED,
        "ok": outcome.ok,
        "result": outcome.result,
        "heartbeat_at": timezone.now(),
        "done": progress.done,
        "total": progress.total,
    }
    if step == "commit" and outcome.ok:
        updates["upload"] = b""  # imported: the file is no longer needed
    Job.objects.filter(pk=job_id).update(**updates)
    return str(updates["state"])


def jobs_expired_delete(*, now: datetime.datetime | None = None) -> int:
    """Delete every expired job (and its upload), except one still running; how many were deleted."""
    now = now or timezone.now()
    alive = Job.objects.filter(state__in=RUNNING_STATES, heartbeat_at__gt=now - STALE_AFTER)
    deleted, _ = Job.objects.filter(expires_at__lte=now).exclude(pk__in=alive.values("pk")).delete()
    return deleted


def job_status(job: Job) -> dict:
    """What a job's page shows while it runs (also served as JSON to its progress bar)."""
    now = timezone.now()
    running = job.state in RUNNING_STATES
    percent = None
    if job.total:
        percent = min(100, round(100 * job.done / job.total))
    return {
        "state": job.state,
        "label": job.get_state_display(),
        "done": job.done,
        "total": job.total,
        "percent": percent,
        "finished": job.finished,
        # Past its expiry the upload can no longer be confirmed; the cleanup deletes it soon.
        "expired": job.expires_at <= now,
        # Nobody picked the job up: no worker is running (``manage.py db_worker``).
        "waiting_for_worker": job.state in QUEUED_STATES and now - job.heartbeat_at > datetime.timedelta(seconds=10),
        "stale": running and now - job.heartbeat_at > STALE_AFTER,
    }
