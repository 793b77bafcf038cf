"""A zip written while it is sent: no file on disk, no table held in memory."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable, Iterator

CHUNK = 64 * 1024


class _Sink:
    """A write-only, unseekable file: zipfile then writes each entry's sizes after its data."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def zip_stream(entries: Iterable[tuple[str, Iterable[bytes]]], *, when: datetime.datetime) -> Iterator[bytes]:
    """The bytes of a zip holding ``entries`` (name, chunks), each dated ``when``, as they are made."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in entries:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as entry:
                for chunk in chunks:
                    entry.write(chunk)
                    if sink.size >= CHUNK:
                        yield sink.take()
            yield sink.take()
    yield sink.take()
