"""The SIPRI register uploaded in the admin, as a background job (``curation.jobs``): preview, then import.

The preview is the import as a dry run (as the uploading user, writing nothing); its
report (counts, skipped and unknown names, conflicts, vanished) is stored for the job's
page. Confirmed, the same bytes are imported for real, in one transaction.
"""

from __future__ import annotations

import io

from curation.jobs.kinds import JobKind, Outcome

from .services import sipri_register_import


class SipriRegisterUpload(JobKind):
    label = "SIPRI trade register import"

    def _run(self, job, progress, *, dry_run: bool) -> Outcome:
        upload = bytes(job.upload)
        progress.start(len(upload))
        report = sipri_register_import(
            stream=io.BytesIO(upload),
            file_name=job.file_name,
            states=job.params.get("states", []),
            add_states=job.params.get("add_states", False),
            publish=job.params.get("publish", False),
            dry_run=dry_run,
            user=job.user,
            progress=lambda done, total: progress.advance(done),
        )
        counts = {what: report.total(what) for what in ("created", "updated", "unchanged", "conflicts")}
        return Outcome(ok=not report.stopped, result={"lines": report.lines(), "counts": counts})

    def preview(self, job, progress) -> Outcome:
        return self._run(job, progress, dry_run=True)

    def commit(self, job, progress) -> Outcome:
        return self._run(job, progress, dry_run=False)
