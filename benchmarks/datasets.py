"""The SIPRI importer's rate beside PostgreSQL's own: figures for ``make bench``, never pass/fail.

``import_sipri`` of the register (the full file beside the repository, or its first
``--sipri-rows`` deals) into the throwaway database, timed; then the same import again
(every deal unchanged); then a plain ``COPY`` of the same rows, as text, into a scratch
table without triggers or indexes: the floor no importer can beat. Printed: both rates
and their ratio, and how far the process's resident memory rose during the import (its
peak, reset before the import where Linux allows it). Memory is read from the kernel, not
traced in Python: ``tracemalloc`` more than halves the import's rate.
"""

from __future__ import annotations

import csv
import io
import resource
import time
from pathlib import Path

SIPRI = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "external"
SIPRI = SIPRI / "sipri-trade-register-2025-03-13.csv"
PREAMBLE_AND_HEADER = 12


def register_bytes(rows: int | None) -> bytes:
    """The register, or its preamble, header and first ``rows`` lines."""
    data = SIPRI.read_bytes()
    if rows is None:
        return data
    lines = data.splitlines(keepends=True)
    return b"".join(lines[: PREAMBLE_AND_HEADER + rows])


def _copy_rate(data: bytes) -> tuple[int, float]:
    from django.db import connection

    text = data.decode("cp1252").splitlines()[PREAMBLE_AND_HEADER:]
    rows = [row for row in csv.reader(text) if len(row) == 16]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        columns = ", ".join(f"c{n} text" for n in range(16))
        cursor.execute(f"CREATE TEMP TABLE sipri_scratch ({columns})")
        with cursor.cursor.copy("COPY sipri_scratch FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute("DROP TABLE sipri_scratch")
    return len(rows), time.perf_counter() - started


def _resident_mb(field: str) -> float | None:
    """``VmHWM`` (peak) or ``VmRSS`` (now) of this process in MB, from ``/proc/self/status``."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-resident mark (Linux 4.0+), so the next peak is the import's own."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def sipri_benchmarks(out, rows: int | None) -> None:
    from django.db import transaction

    from datasets.services import sipri_register_import

    if not SIPRI.is_file():
        out(f"-- SIPRI import: skipped, no {SIPRI}")
        return
    data = register_bytes(rows)
    out(f"-- SIPRI import ({'the whole register' if rows is None else f'its first {rows} lines'})")
    before, reset = _resident_mb("VmRSS"), _reset_peak()
    started = time.perf_counter()
    # Published, as the operator would, so that the explorer can be measured on the real data afterwards.
    report = sipri_register_import(stream=io.BytesIO(data), file_name=SIPRI.name, add_states=True, publish=True)
    first = time.perf_counter() - started
    peak = _resident_mb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    memory = f"resident memory {before:.0f} MB before, peak {peak:.0f} MB" if before and peak else "memory unknown"
    started = time.perf_counter()
    again = sipri_register_import(stream=io.BytesIO(data), file_name=SIPRI.name)
    second = time.perf_counter() - started
    with transaction.atomic():
        copied, copy_seconds = _copy_rate(data)
    deals = report.rows
    import_rate, copy_rate = deals / first, copied / copy_seconds
    out(
        f"import_sipri, new: {deals} deals ({report.kept} imported, {report.total('created')} records) in "
        f"{first:.1f} s = {import_rate:,.0f} deals/s; {memory}"
    )
    unchanged = again.total("unchanged")
    out(f"import_sipri, again: {unchanged} records unchanged in {second:.1f} s = {deals / second:,.0f} deals/s")
    out(f"COPY of the same {copied} rows into a scratch table: {copy_seconds:.2f} s = {copy_rate:,.0f} rows/s")
    out(f"ratio: the import runs at 1/{copy_rate / import_rate:,.0f} of COPY's rate")
