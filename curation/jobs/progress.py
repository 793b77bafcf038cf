"""Progress of a running step, visible to other processes while the step's transaction is open.

A step runs inside a transaction (a dry run, or an all-or-nothing import), so
anything it wrote through the usual connection would stay invisible until the
end. Progress is therefore written through a second connection of its own, in
autocommit, at most every ``interval`` seconds. It is best effort: a row that is
locked (or not yet committed, as in a test's transaction) is skipped, never
waited for, and a failed write is logged, never raised.
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


class Progress:
    interval = 0.5

    def __init__(self, job_id, *, table: str):
        self.job_id = str(job_id)
        self.table = table
        self.done = 0
        self.total: int | None = None
        self._written_at = 0.0
        self._connection = None

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._write(force=True)

    def advance(self, done: int | None = None) -> None:
        self.done = self.done + 1 if done is None else done
        self._write()

    def _write(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < self.interval:
            return
        self._written_at = now
        quoted = connection.ops.quote_name(self.table)
        try:
            if self._connection is None:
                self._connection = connection.copy()
            with self._connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quoted} SET done = %s, total = %s, heartbeat_at = now() "  # a model's table name, quoted
                    f"WHERE id = (SELECT id FROM {quoted} WHERE id = %s FOR UPDATE SKIP LOCKED)",
                    [self.done, self.total, self.job_id],
                )
        except DatabaseError:
            logger.warning("could not record the progress of job %s", self.job_id, exc_info=True)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
