"""The SIPRI register and ATOP's two files uploaded in the admin, as background jobs (``curation.jobs``):
preview, then import.

The preview is the import as a dry run (as the uploading user, writing nothing); its
report (counts, skipped and unknown names, conflicts, vanished) is stored for the job's
page. Confirmed, the same bytes are imported for real, in one transaction.
"""

from __future__ import annotations

import io

from curation.jobs.kinds import JobKind, Outcome

from .report import ImportReport
from .services import atop_import, sipri_register_import


class DatasetUpload(JobKind):
    """A data set's import run twice on the same upload: as a dry run to preview, then for real."""

    def import_upload(self, job, progress, *, dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def _run(self, job, progress, *, dry_run: bool) -> Outcome:
        report = self.import_upload(job, progress, dry_run=dry_run)
        counts = {what: report.total(what) for what in ("created", "updated", "unchanged", "conflicts")}
        return Outcome(ok=not report.stopped, result={"lines": report.lines(), "counts": counts})

    def preview(self, job, progress) -> Outcome:
        return self._run(job, progress, dry_run=True)

    def commit(self, job, progress) -> Outcome:
        return self._run(job, progress, dry_run=False)


def _choices(job, *, dry_run: bool) -> dict:
    """The import's options as the uploader chose them on the form."""
    return {
        "states": job.params.get("states", []),
        "add_states": job.params.get("add_states", False),
        "publish": job.params.get("publish", False),
        "dry_run": dry_run,
        "user": job.user,
    }


class SipriRegisterUpload(DatasetUpload):
    label = "SIPRI trade register import"

    def import_upload(self, job, progress, *, dry_run: bool) -> ImportReport:
        upload = bytes(job.upload)
        progress.start(len(upload))
        return sipri_register_import(
            stream=io.BytesIO(upload),
            file_name=job.file_name,
            progress=lambda done, total: progress.advance(done),
            **_choices(job, dry_run=dry_run),
        )


def atop_upload_pack(alliances: bytes, members: bytes) -> tuple[bytes, dict]:
    """ATOP's two files as one job upload: the bytes end to end, and where the member file begins."""
    return alliances + members, {"alliances_size": len(alliances)}


class AtopUpload(DatasetUpload):
    """ATOP's alliance-level and member-level files, uploaded together (``atop_upload_pack``)."""

    label = "ATOP alliance data import"

    def import_upload(self, job, progress, *, dry_run: bool) -> ImportReport:
        upload = bytes(job.upload)
        split = job.params["alliances_size"]

        def advance(done: int, total: int) -> None:
            if progress.total != total:
                progress.start(total)
            progress.advance(done)

        return atop_import(
            alliances=io.BytesIO(upload[:split]),
            members=io.BytesIO(upload[split:]),
            file_names=tuple(job.params.get("file_names", ("alliances", "members"))),
            progress=advance,
            **_choices(job, dry_run=dry_run),
        )
