"""The scale benchmark (``make bench-scale``) still runs end to end: a tiny size, one-second load runs, in a child.

It prints figures and is never judged on them; this checks that every figure is
there, that axisdb and the baseline app answered the same JSON, that Directus's
line is there (its figures, or why it was skipped), and that the throwaway
database ``axisdb_scale_<pid>`` is gone afterwards. Directus is measured only
when already installed under ``var/directus`` (``BENCH_DIRECTUS=cached``): a
first install takes minutes, which this test does not spend.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.scale.database import database_exists
from benchmarks.scale.directus import VERSION as DIRECTUS_VERSION

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"[\d,]+(?:\.\d+)?"
API_PATHS = (
    "/api/events/ first page",
    "/api/events/<key>/ detail",
    "/api/events/ first page, no response cache",
    "/api/events/<key>/ detail, no response cache",
    "/api/claims/ first page",
    "/api/events/?participant=PRK&from=2024&to=2024",
    "/api/events/?q=chongjin (selective)",
    "/api/events/?q=naval (common)",
    "/api/claims/?state=IRN",
    "/api/events/ 304 (If-None-Match)",
)
WITH_BASELINE = (
    "/api/events/ first page",
    "/api/events/<key>/ detail",
    "/api/events/ first page, no response cache",
    "/api/events/<key>/ detail, no response cache",
    "/api/events/ 304 (If-None-Match)",
)
ADMIN_PAGES = ("events", "claims", "citations", "relationships", "sources", "states")


def section(output: str, title: str) -> str:
    """The lines of the final table's part whose title starts with ``title``, up to the next blank line."""
    start = output.index(title, output.index("axisdb scale benchmark (figures only"))
    end = output.find("\n\n", start)
    return output[start : end if end != -1 else len(output)]


@pytest.mark.slow
def test_scale_benchmark_prints_every_figure_and_drops_its_database():
    # The child's own settings, not anything this pytest process set up.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["BENCH_DIRECTUS"] = "cached"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--events", "300", "--seconds", "1", "--import-rows", "200"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout
    assert result.returncode == 0, output[-3000:] + result.stderr[-3000:]

    header = section(output, "axisdb scale benchmark (figures only")
    for key in ("date", "machine", "load", "servers", "migrate", "versions", "seed 30", "seed 300", "data", "took"):
        assert re.search(rf"^  {re.escape(key)} +\S", header, re.MULTILINE), key
    assert re.search(r"PostgreSQL \d+", header) and re.search(r"Python \d+\.\d+", header)
    assert re.search(r"\d+ cores usable, load average", header)
    same_json = re.search(r"^  same JSON +(.*)$", header, re.MULTILINE)[1]
    assert same_json.count("match") == 4 and "differ" not in same_json, same_json

    for size in ("30", "300"):
        table = section(output, f"API under load at {size} events")
        for path in API_PATHS:
            figures = rf"{re.escape(path)} +{NUMBER} +{NUMBER} +{NUMBER} \|"
            if path in WITH_BASELINE:
                figures += rf" +{NUMBER} +{NUMBER} +{NUMBER} \| +{NUMBER}x"
            assert re.search(figures, table), f"{path} at {size} events:\n{table}"

    growth = section(output, "Growth from 30 to 300 events")
    for path in API_PATHS:
        assert re.search(rf"{re.escape(path)} +{NUMBER} +{NUMBER} +{NUMBER} +{NUMBER} +{NUMBER}x", growth), path

    directus = section(output, f"Directus {DIRECTUS_VERSION} at 300 events: ")
    if ": skipped: " in directus.splitlines()[0]:
        assert re.search(r"skipped: \S", directus), directus
    else:
        measured = r"^  measured    http://127\.0\.0\.1:\d+/items/events_event\?\S+ \(25 rows; .*: yes\)$"
        assert re.search(measured, directus, re.MULTILINE), directus
        for server in (r"axisdb \(response cache\)", "axisdb uncached"):
            row = rf"^{server} +{NUMBER} +{NUMBER} +{NUMBER} \| +{NUMBER}x$"
            assert re.search(row, directus, re.MULTILINE), directus
        assert re.search(rf"^Directus \(cache off\) +{NUMBER} +{NUMBER} +{NUMBER} \|$", directus, re.MULTILINE)

    csv_table = section(output, "CSV at 300 events")
    for resource in ("events", "claims"):
        row = rf"{resource} +{NUMBER} +{NUMBER} +(yes|NO) +{NUMBER} +{NUMBER} +{NUMBER} -> {NUMBER} \| +{NUMBER} \|"
        assert re.search(row + rf" +{NUMBER}x", csv_table), resource

    import_table = section(output, "Import at 300 events")
    assert re.search(rf"200 +{NUMBER} +{NUMBER} \| +{NUMBER} +{NUMBER} \| +{NUMBER}x", import_table)

    admin = section(output, "Admin changelists at 300 events")
    for page in ADMIN_PAGES:
        assert re.search(rf"^{page} +{NUMBER} +\d+ +\d+ +{NUMBER} +\d$", admin, re.MULTILINE), page
        assert re.search(rf"^{page} \?q=artillery +{NUMBER} +\d+", admin, re.MULTILINE), page
        assert re.search(rf"^{page} \?q=chongjin +{NUMBER} +\d+", admin, re.MULTILINE), page
        assert re.search(rf"^{page} (\?\S+=IRN +{NUMBER} +\d+|by state +no state filter)", admin, re.MULTILINE), page
    for page in ("events", "claims", "relationships"):  # the lists with a state filter today
        assert re.search(rf"^{page} \?state=IRN +{NUMBER}", admin, re.MULTILINE), page
        assert re.search(rf"^{page} \?q=artillery&state=IRN +{NUMBER}", admin, re.MULTILINE), page

    database = re.search(r"^dropped database (axisdb_scale_\d+)$", output, re.MULTILINE)[1]
    assert not database_exists(database)
