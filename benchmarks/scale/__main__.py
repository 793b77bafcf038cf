"""The scale benchmark: figures at 30,000 and N events (default 300,000), never pass/fail.

    .venv/bin/python -m benchmarks.scale [--events N] [--seconds S]    (or: make bench-scale BENCH_EVENTS=N)

1. creates the throwaway database ``axisdb_scale_<pid>`` on the configured server
   (DATABASE_URL, else the embedded one), migrates it with ``manage.py migrate``,
   and drops it at the end, even after an error, Ctrl-C or SIGTERM;
2. generates N/10 (at most 30,000) events and what comes with them in SQL, and
   measures the API under load, axisdb against the baseline app;
3. grows the same database to N events and measures again (the growth factor),
   then the events page against Directus (installed under var/directus once;
   skipped with the reason when it cannot be), the whole-list CSV against
   COPY, the admin changelists, and ``import_fixtures`` against COPY;
4. prints one table of figures with the date, the machine and the versions.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import secrets
import signal
import sys
import time

from . import adminpages, api, csvrate, directus, generate, importrate, load, servers
from .database import manage, throwaway_database
from .report import Report, load_average, machine, now


def environment_default(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=environment_default("BENCH_EVENTS", 300_000), help="N (BENCH_EVENTS, 300000)"
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=environment_default("BENCH_SECONDS", 5),
        help="length of one load run in seconds (BENCH_SECONDS, 5)",
    )
    parser.add_argument("--runs", type=int, default=3, help="interleaved load runs per path and server (3)")
    parser.add_argument(
        "--import-rows",
        type=int,
        default=environment_default("BENCH_IMPORT_ROWS", 20_000),
        help="rows of the imported events.csv (BENCH_IMPORT_ROWS, 20000)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=environment_default("BENCH_GUNICORN_TIMEOUT", servers.DEFAULT_TIMEOUT),
        help=f"gunicorn's worker timeout (BENCH_GUNICORN_TIMEOUT, {servers.DEFAULT_TIMEOUT}: as in the README)",
    )
    args = parser.parse_args(argv)
    if args.events < 100:
        parser.error("--events must be at least 100")
    if args.seconds < 1 or args.runs < 1 or args.import_rows < 1:
        parser.error("--seconds, --runs and --import-rows must be at least 1")
    return args


def step(text: str) -> None:
    print(f"-- {text}", flush=True)


def setup_django(url: str) -> None:
    """Django in this process, on the throwaway database, with DEBUG off (for the admin pages and the models)."""
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "axisdb.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    import warnings

    import django

    # The admin's static files are served from the finders; no collectstatic needed.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.conf import settings

    # Production's manifest storage needs collectstatic first; the pages are the same with plain static URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def seed_label(events: int) -> str:
    return f"seed {events // 1000}k" if events >= 1000 else f"seed {events}"


def grow(url: str, lo: int, hi: int, report: Report) -> None:
    started = time.perf_counter()
    timings = generate.seed(url, lo, hi)
    seeded = time.perf_counter() - started
    if lo == 0:
        generate.state_names()
    vacuum = generate.vacuum_analyze(url)
    generate.touch_data_version(url)
    slowest = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in sorted(timings.items(), key=lambda x: -x[1])[:4])
    report.header[seed_label(hi)] = (
        f"events {lo:,} to {hi:,} in {seeded:.1f} s ({slowest}), VACUUM ANALYZE {vacuum:.1f} s"
    )
    step(f"seeded events {lo:,} to {hi:,} in {seeded:.1f} s, VACUUM ANALYZE in {vacuum:.1f} s")


def measure_api(axisdb, uncached, baseline, size: int, args: argparse.Namespace, report: Report) -> None:
    step(f"API under load at {size:,} events")
    report.load_averages[size] = load_average()
    report.same_json[f"list at {size // 1000}k" if size >= 1000 else f"list at {size}"] = api.same_json(
        axisdb, baseline, "/api/events/"
    )
    measured = api.paths(axisdb, baseline)
    detail = next(path for path in measured if "detail" in path.label)
    report.same_json[f"detail at {size // 1000}k" if size >= 1000 else f"detail at {size}"] = api.same_json(
        axisdb, baseline, detail.url
    )
    report.api[size] = api.measure(axisdb, baseline, measured, args.seconds, args.runs, uncached)


def csv_note(download: csvrate.Download, timeout: int) -> str:
    """Why a CSV download is incomplete, and whether the client could tell."""
    text = f"the {download.resource} CSV stopped after {download.rows:,} of {download.expected:,} rows"
    if download.seconds >= timeout - 1:
        text += (
            f" at gunicorn's {timeout}-s worker timeout (BENCH_GUNICORN_TIMEOUT, default as in the README's "
            "production command)"
        )
    if download.error:
        return text + f"; the client saw an error ({download.error}), not a short file"
    return text + "; the transfer ended cleanly: a short file that looks complete"


def run(args: argparse.Namespace, database: str, url: str, report: Report) -> None:
    started = time.perf_counter()
    installing = directus.Installing()
    step(f"database {database}: migrating")
    migrate_started = time.perf_counter()
    manage(url, "migrate", "--noinput")
    report.header["migrate"] = f"{time.perf_counter() - migrate_started:.1f} s (manage.py migrate)"
    setup_django(url)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import django
    import gunicorn

    report.header["versions"] = (
        f"PostgreSQL {postgres}, Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}"
    )

    grow(url, 0, report.first, report)
    with servers.running(url, args.timeout) as (axisdb, baseline), api.uncached_server(axisdb) as uncached:
        measure_api(axisdb, uncached, baseline, report.first, args, report)

    # Directus (the other yardstick), installed once under var/directus: found, or installed while
    # the big data set is seeded (no load run beside it), and waited for before the next load run.
    step(
        f"Directus {directus.VERSION}: looking for it under var/directus (a first install, minutes, runs while seeding)"
    )
    installing.start()
    grow(url, report.first, report.events, report)
    installing.join()
    if installing.result is None:
        step(f"Directus will be skipped: {installing.error}")
    elif not installing.result.cached:
        step(f"Directus installed in {installing.result.seconds:.0f} s ({installing.result.size_mib:,.0f} MiB)")
        report.header[seed_label(report.events)] += " (with Directus's first install alongside)"
    counts = generate.table_counts(url)
    report.header["data"] = ", ".join(f"{count:,} {table.split('_', 1)[1]}" for table, count in counts.items())
    with servers.running(url, args.timeout) as (axisdb, baseline), api.uncached_server(axisdb) as uncached:
        measure_api(axisdb, uncached, baseline, report.events, args, report)
        # At the big size only: it adds a Directus start and 2 x runs load runs (about 45 s).
        step(f"Directus {directus.VERSION}'s events page at {report.events:,} events")
        report.directus = directus.measure(installing, axisdb, uncached, url, args.seconds, args.runs)
        if report.directus.skipped:
            step(f"Directus skipped: {report.directus.skipped}")
        for resource in ("events", "claims"):
            step(f"CSV of {resource}")
            download = csvrate.download(axisdb, url, resource)
            copy = csvrate.copy_out(url, resource)
            report.csv.append((download, copy))
            if not download.complete:
                report.notes.append(csv_note(download, args.timeout))
            step(f"CSV of {resource}: {download.rows:,} of {download.expected:,} rows in {download.seconds:.1f} s")

    step("admin changelists")
    report.admin = adminpages.measure()
    connection.close()

    step(f"import_fixtures of {args.import_rows:,} events")
    report.imported = importrate.measure(url, args.import_rows)
    report.header["took"] = f"{time.perf_counter() - started:.0f} s for the whole run"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if "django.conf" in sys.modules:
        from django.conf import settings

        if settings.configured:
            raise SystemExit("benchmarks.scale must run in a fresh process: python -m benchmarks.scale")
    # SIGTERM ends the run through the finally blocks: servers stopped, database dropped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    first = min(30_000, args.events // 10)
    report = Report(events=args.events, first=first)
    report.header["date"] = now()
    report.header["machine"] = f"{machine()}, load average {load_average()} at the start"
    tool = load.wrk_version() if load.tool() == "wrk" else "a Python load generator (threads + http.client; no wrk)"
    report.header["load"] = (
        f"{tool}, {load.CONNECTIONS} connections, {args.seconds:g} s per run, median of {args.runs} interleaved runs"
    )
    report.header["servers"] = (
        f"gunicorn, {servers.WORKERS} sync workers each, timeout {args.timeout} s; axisdb with DEBUG off, "
        'DB_CONN_MAX_AGE=600, throttling lifted; "no response cache": a third server, axisdb with '
        "AXISDB_API_RESPONSE_CACHE_ENTRIES=0"
    )
    database = f"axisdb_scale_{os.getpid()}"
    print(f"axisdb scale benchmark: {first:,} then {args.events:,} events; load generator: {tool}", flush=True)
    with throwaway_database(database) as url:
        try:
            run(args, database, url, report)
        finally:
            if "django.db" in sys.modules:
                from django.db import connections

                with contextlib.suppress(Exception):
                    connections.close_all()
            report.header["machine"] += f", {load_average()} at the end"
            for line in report.lines():
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
