"""The table of figures the scale benchmark prints at the end (figures only, never pass/fail)."""

from __future__ import annotations

import datetime
import math
import os
import platform
from dataclasses import dataclass, field

from .adminpages import AdminResult
from .api import PathResult
from .csvrate import Copy, Download
from .directus import VERSION as DIRECTUS_VERSION
from .directus import Result as DirectusResult
from .importrate import ImportFigures


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.platform()}, {cores} cores usable"


def load_average() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def number(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def ratio(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}x" if value >= 0.01 else f"{value:.4f}x"


@dataclass
class Report:
    events: int
    first: int
    header: dict[str, str] = field(default_factory=dict)
    api: dict[int, list[PathResult]] = field(default_factory=dict)
    load_averages: dict[int, str] = field(default_factory=dict)
    same_json: dict[str, str] = field(default_factory=dict)
    csv: list[tuple[Download, Copy]] = field(default_factory=list)
    imported: ImportFigures | None = None
    admin: list[AdminResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    directus: DirectusResult | None = None

    def lines(self) -> list[str]:
        out = ["", "axisdb scale benchmark (figures only, never pass/fail)"]
        out += [f"  {key:<11} {value}" for key, value in self.header.items()]
        if self.same_json:
            out.append("  same JSON   " + "; ".join(f"{path}: {word}" for path, word in self.same_json.items()))
        for size, results in self.api.items():
            out += self.api_table(size, results)
        if len(self.api) == 2:
            out += self.growth_table()
        if self.directus:
            out += self.directus_table()
        if self.csv:
            out += self.csv_table()
        if self.imported:
            out += self.import_table()
        if self.admin:
            out += self.admin_table()
        if self.notes:
            out += ["", *[f"note: {note}" for note in self.notes]]
        return out

    def api_table(self, size: int, results: list[PathResult]) -> list[str]:
        out = [
            "",
            f"API under load at {size:,} events: axisdb vs the baseline app (psycopg + orjson, one SQL query); "
            f"load average {self.load_averages.get(size, '?')} before",
            f"{'path':<50} {'rps':>7} {'p50 ms':>8} {'p99 ms':>8} | "
            f"{'rps':>7} {'p50 ms':>8} {'p99 ms':>8} | {'ratio':>7}",
        ]
        for result in results:
            line = f"{result.path.label:<50} "
            if result.axisdb is None:
                out.append(line + result.note)
                continue
            a, b = result.axisdb, result.baseline
            line += f"{number(a.rps):>7} {number(a.p50_ms):>8} {number(a.p99_ms):>8} | "
            if b is not None:
                line += f"{number(b.rps):>7} {number(b.p50_ms):>8} {number(b.p99_ms):>8} | {ratio(result.ratio):>7}"
            else:
                line += f"{'':>7} {'':>8} {'':>8} | {'':>7}"
            errors = a.errors + (b.errors if b else 0)
            if errors or result.note:
                line += f"  ({errors} failed requests{'; ' + result.note if result.note else ''})"
            out.append(line.rstrip())
        return out

    def growth_table(self) -> list[str]:
        small, big = self.first, self.events
        out = [
            "",
            f"Growth from {small:,} to {big:,} events (axisdb; slowdown = rps at {small:,} / rps at {big:,})",
            f"{'path':<50} {'rps':>7} {'rps':>7} {'p50 ms':>8} {'p50 ms':>8} {'slowdown':>9}",
            f"{'':<50} {'small':>7} {'big':>7} {'small':>8} {'big':>8}",
        ]
        big_results = {result.path.label: result for result in self.api[big]}
        for before in self.api[small]:
            after = big_results.get(before.path.label)
            if not (after and before.axisdb and after.axisdb):
                out.append(f"{before.path.label:<50} -")
                continue
            slowdown = before.axisdb.rps / after.axisdb.rps if after.axisdb.rps else None
            out.append(
                f"{before.path.label:<50} {number(before.axisdb.rps):>7} {number(after.axisdb.rps):>7} "
                f"{number(before.axisdb.p50_ms):>8} {number(after.axisdb.p50_ms):>8} {ratio(slowdown):>9}"
            )
        return out

    def directus_table(self) -> list[str]:
        result = self.directus
        title = f"Directus {DIRECTUS_VERSION} at {self.events:,} events"
        if result.skipped:
            return ["", f"{title}: skipped: {result.skipped}"]
        installed = result.install
        how = "found installed" if installed.cached else f"installed in {installed.seconds:.0f} s"
        out = [
            "",
            f"{title}: its events page vs axisdb's /api/events/ first page (interleaved runs, median)",
            f"  directus    Node {installed.node_version}, one process, CACHE_ENABLED=false, public read access; "
            f"var/directus {installed.size_mib:,.0f} MiB ({how}); bootstrap, start and configuration "
            f"{result.start_seconds:.1f} s",
            f"  measured    {result.url} ({result.rows} rows; the same events in the same order as axisdb's: "
            f"{result.same_rows})",
            f"  against     {result.axisdb_url} (the same gunicorn as above; and a second one with "
            "AXISDB_API_RESPONSE_CACHE_ENTRIES=0)",
            f"{'server':<36} {'rps':>7} {'p50 ms':>8} {'p99 ms':>8} | {'axisdb/Directus':>15}",
        ]
        rows = (
            ("axisdb (response cache)", result.axisdb, result.ratio(result.axisdb)),
            ("axisdb uncached", result.uncached, result.ratio(result.uncached)),
            ("Directus (cache off)", result.directus, None),
        )
        for name, figures, against in rows:
            if figures is None:
                out.append(f"{name:<36} -")
                continue
            line = f"{name:<36} {number(figures.rps):>7} {number(figures.p50_ms):>8} {number(figures.p99_ms):>8} |"
            line += f" {ratio(against):>15}" if against is not None else ""
            out.append(line + (f"  ({figures.errors} failed requests)" if figures.errors else ""))
        return out

    def csv_table(self) -> list[str]:
        out = [
            "",
            f"CSV at {self.events:,} events: ?format=csv through gunicorn "
            "vs COPY (SELECT ...) TO STDOUT of the same rows",
            f"{'list':<8} {'rows':>9} {'of':>9} {'complete':<9} {'seconds':>8} {'rows/s':>8} "
            f"{'worker RSS MiB':>16} | {'COPY rows/s':>11} | {'ratio':>7}",
        ]
        for download, copy in self.csv:
            complete = "yes" if download.complete else "NO"
            memory = f"{download.start_rss_mib:.0f} -> {download.peak_rss_mib:.0f}"
            out.append(
                f"{download.resource:<8} {download.rows:>9,} {download.expected:>9,} {complete:<9} "
                f"{download.seconds:>8.1f} {number(download.rate):>8} {memory:>16} | {number(copy.rate):>11} | "
                f"{ratio(download.rate / copy.rate if copy.rate else None):>7}"
                + (f"  ({download.error})" if download.error else "")
            )
        return out

    def import_table(self) -> list[str]:
        figures = self.imported
        return [
            "",
            f"Import at {self.events:,} events: manage.py import_fixtures of a {figures.rows:,}-row events.csv "
            "vs COPY of the same file into a scratch table",
            f"{'rows':>7} {'seconds':>8} {'rows/s':>8} | {'COPY s':>7} {'COPY rows/s':>11} | {'ratio':>7}",
            f"{figures.rows:>7,} {figures.seconds:>8.1f} {number(figures.rate):>8} | {figures.copy_seconds:>7.2f} "
            f"{number(figures.copy_rate):>11} | {ratio(figures.rate / figures.copy_rate):>7}",
        ]

    def admin_table(self) -> list[str]:
        out = [
            "",
            f"Admin changelists at {self.events:,} events: server time in-process (superuser, DEBUG off)",
            f"{'page':<52} {'ms':>9} {'queries':>8} {'rows':>5} {'matched':>9} {'runs':>5}",
        ]
        for result in self.admin:
            if result.milliseconds is None:
                out.append(f"{result.label:<52} {result.note}")
                continue
            out.append(
                f"{result.label:<52} {number(result.milliseconds, 0):>9} {result.queries:>8} {result.rows:>5} "
                f"{result.matched:>9,} {result.runs:>5}"
            )
        return out
