"""The background worker in tests: in this process (inside the test's transaction), or as ``manage.py db_worker``."""

import contextlib
import subprocess
import sys
import time

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.subprocesses import ROOT, production_env


def run_queued_tasks() -> int:
    """Run every task that is ready, as ``manage.py db_worker`` does, here; how many ran.

    A task that failed is raised as an AssertionError with its traceback (the worker
    itself would only record it).
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while (task := DBTaskResult.objects.ready().get_locked()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        task.refresh_from_db()
        assert task.status != "FAILED", task.traceback
        ran += 1
    return ran


@contextlib.contextmanager
def worker_process(**env: str):
    """``manage.py db_worker`` on the test database (for tests whose data is committed: transactional ones)."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=production_env(DEBUG="true", **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, *, timeout: float = 60, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {message}")
