"""The background tasks (django-tasks, database backend): run a job's step, and expire old jobs."""

from __future__ import annotations

import logging

from django.utils import timezone

try:  # Django 6 has the task framework built in; 5.2 has the django-tasks backport.
    from django.tasks import task
except ImportError:
    from django_tasks import task

from .services import expiry, job_step_run, jobs_expired_delete

logger = logging.getLogger(__name__)


@task()
def job_run(job_id: str, step: str) -> str:
    return job_step_run(job_id=job_id, step=step)


@task()
def jobs_cleanup() -> dict:
    """Delete expired jobs with their uploads, and finished task records older than the expiry.

    Every upload schedules one of these for its own expiry time, so the cleanup
    happens as long as a worker runs, without anyone remembering to start it.
    """
    from django_tasks_db.models import DBTaskResult

    jobs = jobs_expired_delete()
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lte=timezone.now() - expiry()).delete()
    logger.info("jobs cleanup: %d expired jobs and %d old task records deleted", jobs, tasks)
    return {"jobs": jobs, "tasks": tasks}
