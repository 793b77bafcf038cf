"""The API paths measured under load, the baseline's equivalents, and the check that both answer the same JSON.

A path repeated under load is answered from axisdb's response cache after the first request (the answers it
keeps in memory per process, ``AXISDB_API_RESPONSE_CACHE_ENTRIES``); the first page and the detail are
measured once more on a second axisdb server with that cache off (``uncached``): every request computed, as a
cold one is (no HTTP cache either: the load sends no ``If-None-Match``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import load
from .generate import COMMON_WORD, RARE_WORD
from .servers import Server


@dataclass
class Path:
    label: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200
    baseline_url: str | None = None
    baseline_headers: dict[str, str] = field(default_factory=dict)
    #: Measured on the axisdb server without a response cache (``uncached_server``).
    uncached: bool = False


@dataclass
class PathResult:
    path: Path
    axisdb: load.Figures | None = None
    baseline: load.Figures | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.axisdb and self.baseline and self.baseline.rps:
            return self.axisdb.rps / self.baseline.rps
        return None


def first_page(server: Server) -> tuple[dict, str]:
    status, headers, body = server.get("/api/events/")
    if status != 200:
        raise RuntimeError(f"{server.name} /api/events/ answered {status}: {body[:300]!r}")
    return json.loads(body), headers.get("ETag", "")


def paths(axisdb: Server, baseline: Server) -> list[Path]:
    page, etag = first_page(axisdb)
    _, baseline_etag = first_page(baseline)
    results = page["results"]
    detail = f"/api/events/{results[len(results) // 2]['key']}/"
    return [
        Path("/api/events/ first page", "/api/events/", baseline_url="/api/events/"),
        Path("/api/events/<key>/ detail", detail, baseline_url=detail),
        Path("/api/events/ first page, no response cache", "/api/events/", baseline_url="/api/events/", uncached=True),
        Path("/api/events/<key>/ detail, no response cache", detail, baseline_url=detail, uncached=True),
        Path("/api/claims/ first page", "/api/claims/"),
        Path("/api/events/?participant=PRK&from=2024&to=2024", "/api/events/?participant=PRK&from=2024&to=2024"),
        Path(f"/api/events/?q={RARE_WORD.lower()} (selective)", f"/api/events/?q={RARE_WORD.lower()}"),
        Path(f"/api/events/?q={COMMON_WORD} (common)", f"/api/events/?q={COMMON_WORD}"),
        Path("/api/claims/?state=IRN", "/api/claims/?state=IRN"),
        Path(
            "/api/events/ 304 (If-None-Match)",
            "/api/events/",
            headers={"If-None-Match": etag},
            expect=304,
            baseline_url="/api/events/",
            baseline_headers={"If-None-Match": baseline_etag},
        ),
    ]


def _comparable(document, base_url: str):
    """The document with the server's own address taken out, and a ``next`` link reduced to "there is one"."""
    document = json.loads(json.dumps(document).replace(base_url, "{server}"))
    if isinstance(document, dict) and "next" in document:
        document["next"] = document["next"] is not None
    return document


def same_json(axisdb: Server, baseline: Server, path: str) -> str:
    """Whether both servers answer ``path`` with the same JSON (cursors aside); a word and what differs."""
    answers = []
    for server in (axisdb, baseline):
        status, _, body = server.get(path)
        if status != 200:
            return f"differ: {server.name} answered {status}"
        answers.append(_comparable(json.loads(body), server.base_url))
    if answers[0] == answers[1]:
        return "match"
    first, second = answers
    if isinstance(first, dict) and "results" in first:
        if len(first["results"]) != len(second.get("results", [])):
            return f"differ: {len(first['results'])} rows against {len(second.get('results', []))}"
        for number, (mine, theirs) in enumerate(zip(first["results"], second["results"], strict=True), 1):
            if mine != theirs:
                fields = sorted(key for key in set(mine) | set(theirs) if mine.get(key) != theirs.get(key))
                return f"differ: row {number} ({mine.get('key')}) in {', '.join(fields)}"
        return "differ: outside the results (next/previous)"
    fields = sorted(key for key in set(first) | set(second) if first.get(key) != second.get(key))
    return f"differ in {', '.join(fields)}"


@contextlib.contextmanager
def uncached_server(axisdb: Server) -> Iterator[Server]:
    """A second axisdb server, as ``axisdb`` but keeping no answers in memory (AXISDB_API_RESPONSE_CACHE_ENTRIES=0)."""
    server = Server(
        "axisdb-uncached", axisdb.app, {**axisdb.env, "AXISDB_API_RESPONSE_CACHE_ENTRIES": "0"}, axisdb.timeout
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if server.log:
            server.log.unlink(missing_ok=True)


def measure(
    axisdb: Server,
    baseline: Server,
    measured: list[Path],
    seconds: float,
    runs: int,
    uncached: Server | None = None,
) -> list[PathResult]:
    """Each path: a check of its status, then ``runs`` interleaved runs (axisdb, baseline, axisdb, ...); a path
    marked ``uncached`` on the ``uncached`` server in axisdb's place."""
    results = []
    for path in measured:
        result = PathResult(path)
        results.append(result)
        server = uncached if path.uncached else axisdb
        if server is None:
            result.note = "no server without a response cache: not measured"
            continue
        status = server.get(path.url, path.headers)[0]
        if status != path.expect:
            result.note = f"axisdb answered {status}, not {path.expect}: not measured"
            continue
        if path.baseline_url:
            status = baseline.get(path.baseline_url, path.baseline_headers)[0]
            if status != path.expect:
                result.note = f"baseline answered {status}, not {path.expect}"
                path.baseline_url = None
        axisdb_runs, baseline_runs = [], []
        for _ in range(runs):
            axisdb_runs.append(load.run(server.base_url + path.url, seconds, path.headers, path.expect))
            if path.baseline_url:
                baseline_runs.append(
                    load.run(baseline.base_url + path.baseline_url, seconds, path.baseline_headers, path.expect)
                )
        result.axisdb = load.Figures.of(axisdb_runs)
        result.baseline = load.Figures.of(baseline_runs) if baseline_runs else None
        print(f"   measured {path.label}: {result.axisdb.rps:.1f} rps", flush=True)
    return results
