"""What a kind of job does with its upload: the interface a new kind implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Job
    from .progress import Progress


@dataclass(frozen=True)
class Outcome:
    """What a step found: whether the job may go on, and a JSON-able result for its page."""

    ok: bool
    result: dict = field(default_factory=dict)


class JobKind:
    """Subclass and implement both steps. They run in the background worker, never in a request.

    ``preview`` checks ``job.upload`` (bytes) with ``job.params`` as ``job.user`` and
    must leave the database as it found it (a dry run inside a transaction that is
    rolled back). ``commit`` imports it for real, all or nothing (one transaction).
    Both report progress with ``progress.start(total)`` and ``progress.advance()``,
    and return an ``Outcome``; an exception marks the job failed with its message.
    """

    #: What the upload is called on its page: "CSV import".
    label = "import"

    @classmethod
    def path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    def preview(self, job: Job, progress: Progress) -> Outcome:
        raise NotImplementedError

    def commit(self, job: Job, progress: Progress) -> Outcome:
        raise NotImplementedError
