"""Long jobs on an uploaded file, run by a background worker: checked first, then imported, all or nothing.

Checking and importing a large upload (a 35,000-row CSV file, a data set's
register) takes longer than a proxy waits for one request. A job runs it in the
background on the database the project already has: django-tasks with its
database backend; the worker is ``manage.py db_worker``, which ``make run``
starts beside the web server. A job has two steps, each shown with a progress bar:

1. **preview**: the upload is checked as its user, writing nothing (a dry run);
   the result (rows, errors) is stored on the job for its page to show;
2. **commit**, once that user confirms a preview without errors: the same upload
   is imported for real, in one transaction (all or nothing).

The upload lives in the job's row (``Job.upload``), shared by every server process
and host through the database, never in a temporary folder. Confirming needs the
signed token issued with the preview (``job_token``), which names the job, its
user and the upload's checksum; anything else (a forged, stale or foreign token)
is refused with ``JobRefusedError`` and touches nothing. A job and its upload are
deleted ``AXISDB_IMPORT_EXPIRY_MINUTES`` after the upload by the ``jobs_cleanup``
task, which every upload schedules for its own expiry time; a user keeps at most
``MAX_JOBS_PER_USER`` uploads.

Using it for another kind of upload (the CSV import is ``curation.csvio.jobs``)::

    class SipriRegisterUpload(JobKind):
        label = "SIPRI trade register import"

        def preview(self, job, progress):   # read job.upload, job.params; write nothing
            progress.start(total=rows)
            ...; progress.advance()
            return Outcome(ok=not errors, result={...})   # JSON, for the page

        def commit(self, job, progress):    # write, in one transaction
            ...
            return Outcome(ok=True, result={...})

    job = job_start(kind=SipriRegisterUpload, user=request.user, file_name=upload.name, data=upload.read())
    # the page of a job: job_status(job) (also as JSON for the progress bar, see
    # "admin/jobs/progress.html"), job.result once finished, and while job.can_confirm
    # a form posting job_token(job); its view calls job_confirm(token=..., user=..., kind=...).

Modules: ``models`` (Job, JobState), ``kinds`` (JobKind, Outcome), ``progress``
(progress written on a connection of its own), ``services`` (job_start,
job_token, job_confirm, job_step_run, jobs_expired_delete, job_status), ``tasks``
(the worker's tasks: job_run, jobs_cleanup).
"""
