"""The background task that writes a release asked for in the admin (``manage.py db_worker`` runs it)."""

try:  # Django 6 has the task framework built in; 5.2 has the django-tasks backport.
    from django.tasks import task
except ImportError:
    from django_tasks import task

from .services import release_build


@task()
def release_build_task(release_id: int, api_url: str) -> str:
    return release_build(release_id=release_id, api_url=api_url).sha256
