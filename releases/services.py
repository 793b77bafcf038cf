"""Cutting a release: ask for it (``release_start``), then write its zip (``release_build``, in the worker).

The zip holds what ``/api/download/`` gives (the six CSV files and datapackage.json,
read in one repeatable-read snapshot), plus ``CHANGELOG.json`` (what was added,
changed and withdrawn since the previous release, from the recorded history),
``CITATION.cff`` and ``SHA256SUMS`` (the digest of each file before it). It is
written once under ``AXISDB_RELEASES_DIR`` and never again: downloading a
release later gives the same bytes, whatever changed since.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from changes.tracking import CREATED, UPDATED, WITHDRAWN, changes_since
from downloads.api import download_entries
from downloads.archive import zip_stream

from .citation import citation_cff
from .models import Release

#: The start of the history: the first release's changelog lists everything public at its moment as added.
BEGINNING = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
CHANGELOG_WORDS = {CREATED: "added", UPDATED: "changed", WITHDRAWN: "withdrawn"}


def releases_dir() -> Path:
    return Path(settings.AXISDB_RELEASES_DIR)


def release_path(release: Release) -> Path:
    return releases_dir() / release.file_name


def release_start(*, version: str, user=None) -> Release:
    """A new release numbered ``version``, not yet written (Django's ValidationError naming ``version`` if
    refused: not a number like 1.2, or taken)."""
    release = Release(version=version.strip(), created_by=user)
    release.full_clean(exclude=["created_by"])
    release.save()
    return release


def _hashed(name: str, chunks, checksums: dict):
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
        yield chunk
    checksums[name] = digest.hexdigest()


def _changelog(previous: Release | None, until: datetime.datetime) -> dict:
    since = previous.snapshot_at if previous else BEGINNING
    changelog = {
        "previous_release": previous.version if previous else None,
        "since": previous.snapshot_at.isoformat() if previous else None,
        "until": until.isoformat(),
        **{word: [] for word in CHANGELOG_WORDS.values()},
    }
    for change in changes_since(since):
        if change.changed_at <= until:
            changelog[CHANGELOG_WORDS[change.change]].append({"type": change.type, "key": change.key})
    return changelog


def _entries(
    release: Release, *, api_url: str, previous: Release | None, snapshot_at, when, checksums: dict, notes: dict
):
    for name, chunks in download_entries(api_url=api_url, when=when, version=release.version):
        yield name, _hashed(name, chunks, checksums)
    changelog = _changelog(previous, snapshot_at)
    notes["changelog"] = changelog
    extra = {
        "CHANGELOG.json": json.dumps(changelog, indent=2, ensure_ascii=False).encode() + b"\n",
        "CITATION.cff": citation_cff(version=release.version, date_released=f"{when:%Y-%m-%d}").encode(),
    }
    for name, data in extra.items():
        yield name, _hashed(name, [data], checksums)
    yield "SHA256SUMS", ["".join(f"{digest}  {name}\n" for name, digest in checksums.items()).encode()]


def release_build(*, release_id: int, api_url: str = "/api/") -> Release:
    """Write the release's zip from one snapshot of the public data, then record its digest.

    Runs in the background worker (or ``manage.py release``), never in a web request.
    """
    release = Release.objects.get(pk=release_id)
    if release.sha256:
        return release  # written already: a release is never written twice
    previous = Release.objects.finished().exclude(pk=release.pk).order_by("-snapshot_at").first()
    directory = releases_dir()
    directory.mkdir(parents=True, exist_ok=True)
    file_name = f"axisdb-{release.version}.zip"
    checksums: dict[str, str] = {}
    notes: dict = {}
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".release-", suffix=".zip")
    try:
        outermost = not connection.in_atomic_block  # inside another transaction (a test's), that one decides
        with os.fdopen(handle, "wb") as out, transaction.atomic():
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT clock_timestamp()")
                snapshot_at = cursor.fetchone()[0]
            when = snapshot_at.replace(microsecond=0)  # the files' dates and the data package's
            entries = _entries(
                release,
                api_url=api_url,
                previous=previous,
                snapshot_at=snapshot_at,
                when=when,
                checksums=checksums,
                notes=notes,
            )
            for chunk in zip_stream(entries, when=when):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        target = directory / file_name
        if target.exists():
            raise FileExistsError(f"{target} exists already: a release's file is never overwritten.")
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a release is public
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        Release.objects.filter(pk=release.pk).update(error=str(error) or type(error).__name__)
        raise
    Release.objects.filter(pk=release.pk).update(
        snapshot_at=snapshot_at,
        file_name=file_name,
        size=size,
        sha256=digest.hexdigest(),
        checksums=checksums,
        changelog=notes["changelog"],
        error="",
    )
    release.refresh_from_db()
    return release


def release_cut(*, version: str, user=None, api_url: str = "/api/") -> Release:
    """Number and write a release now (``manage.py release``)."""
    release = release_start(version=version, user=user)
    return release_build(release_id=release.pk, api_url=api_url)
