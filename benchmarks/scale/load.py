"""HTTP load on one URL: wrk when installed, otherwise a small Python load generator (threads + http.client).

Each run keeps CONNECTIONS requests in flight for a fixed time and reports
requests per second and the 50th and 99th latency percentiles. A path is run
interleaved (axisdb, baseline, axisdb, ...) and the median of the runs is kept.
"""

from __future__ import annotations

import http.client
import math
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Requests in flight: twice the 2 gunicorn workers, so a worker never waits for the client.
CONNECTIONS = 4


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # wrong status, socket errors and timeouts


@dataclass
class Figures:
    """The median of several runs of one path on one server."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    runs: int

    @classmethod
    def of(cls, runs: list[Run]) -> Figures:
        def median(values) -> float:
            known = [value for value in values if not math.isnan(value)]  # a run that reported no percentile
            return statistics.median(known) if known else math.nan

        return cls(
            rps=median(run.rps for run in runs),
            p50_ms=median(run.p50_ms for run in runs),
            p99_ms=median(run.p99_ms for run in runs),
            errors=sum(run.errors for run in runs),
            runs=len(runs),
        )


def tool() -> str:
    """Which load generator runs: ``wrk`` when it is on the PATH, else ``python``."""
    return "wrk" if shutil.which("wrk") else "python"


def wrk_version() -> str:
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    match = re.search(r"wrk (\S+)", result.stdout + result.stderr)
    return f"wrk {match[1]}" if match else "wrk"


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    return float(match[1]) * UNITS[match[2]]


def run_wrk(url: str, seconds: float, headers: dict[str, str], expect: int) -> Run:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "60s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output)[1])
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match[1])
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(group) for group in match.groups())
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        p50_ms=_milliseconds(percentiles["50"]) if "50" in percentiles else math.nan,
        p99_ms=_milliseconds(percentiles["99"]) if "99" in percentiles else math.nan,
        requests=requests,
        errors=errors,
    )


def run_python(url: str, seconds: float, headers: dict[str, str], expect: int) -> Run:
    """The fallback: CONNECTIONS threads, each sending one request after the other until the time is up."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            begun = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == expect
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            mine.append((time.perf_counter() - begun) * 1000)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return ordered[max(0, -(-int(share * 100) * len(ordered) // 100) - 1)] if ordered else math.nan

    return Run(len(ordered) / elapsed, percentile(0.5), percentile(0.99), len(ordered), errors[0])


def run(url: str, seconds: float, headers: dict[str, str] | None = None, expect: int = 200) -> Run:
    result = (run_wrk if tool() == "wrk" else run_python)(url, seconds, headers or {}, expect)
    # Requests still running when the clock stopped would slow the next run: let them finish.
    if not math.isnan(result.p99_ms):
        time.sleep(min(result.p99_ms / 1000 * 1.2, 10))
    return result
