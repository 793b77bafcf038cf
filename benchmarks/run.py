"""Benchmarks of axisdb: they print figures, they never pass or fail on timings.

    .venv/bin/python -m benchmarks.run [--events N] [--repeat R]      (or: make bench BENCH_ARGS="--events 2000")

The run creates a throwaway database ``axisdb_bench_<pid>`` on the configured
PostgreSQL server (``DATABASE_URL``, or the embedded server under ``var/``),
points Django at it before ``django.setup()``, migrates it, and drops it at the
end, even after an error or Ctrl-C. The developer's own database is never used.

What it measures, each over ``--repeat`` runs after one warm-up run (the query
count comes from one further run, so that counting does not slow the timed ones):

- CSV fixtures: ``import_fixtures`` of ``fixtures/`` into empty tables, a
  re-import of the unchanged files, ``export_fixtures`` to a temporary folder;
- then, on a seeded volume (N events with 2-3 participants, N claims with 1-2
  citations, N/5 sources, N/10 relationships, 40 states; mostly published, some
  drafts): the API's list pages, a deep page, filtered event lists, details,
  whole-list CSV, 304 revalidation, the admin changelists of events and claims,
  and ``export_fixtures`` of the whole seeded database;
- the plans (EXPLAIN ANALYZE) of the main event list queries: which scans and
  indexes PostgreSQL chooses at this volume.

Requests go through ``django.test.Client`` in this process (no HTTP server, no
network), with DEBUG off as in Django's own test runner, the anonymous
throttle lifted and the API's response cache off (``make bench-scale`` measures it).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TABLE_HEADER = f"{'benchmark':<52} {'rows':>7} {'queries':>7} {'median ms':>10} {'p95 ms':>9}"
AXIS = ("CHN", "IRN", "PRK", "RUS")
OTHER_STATES = (
    "AFG", "ARE", "BLR", "BRA", "CUB", "DEU", "ERI", "FRA", "GBR", "IND", "IRQ", "ISR",
    "JPN", "KAZ", "KOR", "LAO", "LBN", "MLI", "MMR", "MNG", "NIC", "PAK", "POL", "SAU",
    "SDN", "SYR", "TUR", "UKR", "USA", "UZB", "VEN", "VNM", "YEM", "ZAF", "ETH", "CAF",
)  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000, help="events to seed; claims as many (default 5000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each benchmark (default 5)")
    parser.add_argument(
        "--sipri-rows",
        type=int,
        default=None,
        help="import only the first N lines of the SIPRI register (default: all of it; 0: skip)",
    )
    args = parser.parse_args(argv)
    if args.events < 10:
        parser.error("--events must be at least 10")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


# --- The throwaway database ------------------------------------------------------


def configured_server_url() -> str:
    """The URL of the configured database: DATABASE_URL, or the embedded server's (started if needed)."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from axisdb.embedded_db import embedded_database_url

    return embedded_database_url(ROOT / "var")


def with_database_name(url: str, name: str) -> str:
    """``url`` naming the database ``name`` on the same server (user, host, socket and options kept)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def maintenance_connection(server_url: str):
    """An autocommit connection for CREATE/DROP DATABASE: to ``postgres``, else to the configured database."""
    import psycopg

    try:
        return psycopg.connect(with_database_name(server_url, "postgres"), autocommit=True)
    except psycopg.OperationalError:
        return psycopg.connect(server_url, autocommit=True)


def create_database(server_url: str, name: str) -> None:
    from psycopg import sql

    with maintenance_connection(server_url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with maintenance_connection(server_url) as connection:
        try:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        except psycopg.errors.SyntaxError:  # PostgreSQL before 13
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


# --- Measuring -------------------------------------------------------------------


@dataclass
class Result:
    name: str
    rows: int
    queries: int
    times_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]  # nearest rank

    def line(self) -> str:
        return f"{self.name:<52} {self.rows:>7} {self.queries:>7} {self.median:>10.1f} {self.p95:>9.1f}"


class Bench:
    def __init__(self, repeat: int):
        self.repeat = repeat
        self.results: list[Result] = []
        self.notes: list[str] = []

    def section(self, title: str) -> None:
        out(f"-- {title}")

    def measure(
        self, name: str, run: Callable[[], int], *, setup: Callable[[], None] | None = None, warmup: bool = True
    ) -> Result:
        """Time ``run`` (which returns how many rows it produced) ``repeat`` times; count its queries once."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        if warmup:
            if setup:
                setup()
            run()
        times = []
        for _ in range(self.repeat):
            if setup:
                setup()
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        if setup:
            setup()
        with CaptureQueriesContext(connection) as captured:
            rows = run()
        result = Result(name, rows, len(captured), times)
        self.results.append(result)
        out(result.line())
        return result


def out(line: str = "") -> None:
    print(line, flush=True)


# --- Seeding ---------------------------------------------------------------------

TOPICS = [
    ("naval exercise", "military_exercise", ["military"], ("host", "participant")),
    ("joint naval patrol", "military_exercise", ["military"], ("host", "participant")),
    ("artillery shell shipment", "arms_transfer", ["military"], ("supplier", "recipient")),
    ("ballistic missile transfer", "arms_transfer", ["military"], ("supplier", "recipient")),
    ("troop deployment", "troop_deployment", ["military"], ("host", "participant")),
    ("defence treaty", "treaty_agreement", ["military", "diplomatic"], ("signatory", "signatory")),
    ("leaders' summit", "summit_visit", ["diplomatic"], ("host", "participant")),
    ("oil and gas deal", "economic_deal", ["economic", "energy"], ("participant", "participant")),
    ("microchip exports", "technology_transfer", ["technological", "economic"], ("supplier", "recipient")),
    ("sanctions evasion scheme", "sanctions_evasion", ["economic"], ("participant", "participant")),
    ("Security Council veto", "diplomatic_statement", ["diplomatic"], ("participant", "participant")),
    ("satellite launch assistance", "technology_transfer", ["technological", "military"], ("supplier", "recipient")),
    ("missile test", "weapons_test", ["military"], ("participant", "observer")),
    ("cyber intrusion campaign", "cyber_operation", ["cyber"], ("participant", "target")),
    ("nuclear cooperation talks", "proposal", ["nuclear", "diplomatic"], ("proposer", "participant")),
    ("disinformation campaign", "cyber_operation", ["information"], ("participant", "target")),
]
PLACES = ["Gulf of Oman", "Sea of Japan", "Moscow", "Beijing", "Tehran", "Pyongyang", "Vladivostok", "Caspian Sea"]
PLACES += ["Red Sea", "Minsk", "Rason", "Kursk region", "", ""]
PUBLISHERS = ["Reuters", "Associated Press", "Yonhap", "NK News", "Kyiv Independent", "TASS", "Xinhua", "IRNA"]
PUBLISHERS += ["Institute for the Study of War", "CSIS", "RUSI", "38 North", "U.S. State Department", ""]
CLAIMANTS = ["Reuters", "South Korean NIS", "Ukrainian military intelligence (HUR)", "U.S. State Department"]
CLAIMANTS += ["Kremlin spokesman", "Chinese foreign ministry", "NATO", "Institute for the Study of War", "reports"]
UNITS = ["troops", "rounds", "barrels per day", "missiles", "US dollars"]


def random_partial(rng: random.Random, first_year: int = 2000):
    """A partial date: mostly recent, at day, month or year precision."""
    from curation.partial_dates import PartialDate

    year = rng.randint(2014, 2025) if rng.random() < 0.8 else rng.randint(first_year, 2013)
    precision = rng.random()
    if precision < 0.3:
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        return PartialDate(day.year, day.month, day.day)
    if precision < 0.8:
        return PartialDate(year, rng.randint(1, 12))
    return PartialDate(year)


def seed(n: int, rng: random.Random) -> dict[str, int]:
    """Bulk-create a realistic volume: N events, N claims, N/5 sources, N/10 relationships, 40 states."""
    import pycountry

    from curation.partial_dates import PartialDate
    from curation.workflow.status import EditorialStatus
    from events.choices import DIRECTED_RELATIONSHIP_KINDS, RelationshipKind
    from events.models import Event, EventParticipant, Relationship, State
    from sources.choices import Assessment, Reliability, SourceKind, Stance
    from sources.models import Citation, Claim, Source

    published, draft = EditorialStatus.PUBLISHED, EditorialStatus.DRAFT

    def status(draft_share: float = 0.05):
        return draft if rng.random() < draft_share else published

    states = []
    for iso3 in (*AXIS, *OTHER_STATES):
        country = pycountry.countries.get(alpha_3=iso3)
        states.append(
            State(
                iso3=iso3,
                name=getattr(country, "official_name", country.name),
                short_name=getattr(country, "common_name", country.name),
                aliases=[],
                is_axis_member=iso3 in AXIS,
            )
        )
    State.objects.bulk_create(states)
    for state in states:
        state.names_sync()  # bulk_create bypasses State.save, which keeps the names table in step
    names = {state.iso3: state.short_name for state in states}

    sources = Source.objects.bulk_create(
        [
            Source(
                slug=f"bench-source-{i:06d}",
                title=f"{rng.choice(TOPICS)[0].capitalize()}: report {i}",
                publisher=rng.choice(PUBLISHERS),
                published=random_partial(rng),
                published_approximate=rng.random() < 0.1,
                kind=rng.choice(SourceKind.values),
                reliability=rng.choice(Reliability.values),
                status=status(),
            )
            for i in range(max(5, n // 5))
        ],
        batch_size=1000,
    )

    events, participant_codes = [], []
    for i in range(n):
        topic, event_type, domains, roles = rng.choice(TOPICS)
        first = rng.choice(AXIS) if rng.random() < 0.85 else rng.choice(OTHER_STATES)
        pool = [code for code in (AXIS if rng.random() < 0.6 else OTHER_STATES) if code != first]
        codes = [first, *rng.sample(pool, rng.choice((1, 1, 2)))]
        place = rng.choice(PLACES)
        start = random_partial(rng) if rng.random() > 0.03 else None
        end = None
        if start is not None and rng.random() < 0.2:
            after = start.upper + datetime.timedelta(days=rng.randint(31, 400))
            end = PartialDate(after.year, after.month)
        title = f"{'-'.join(names[c] for c in codes[:2])} {topic}" + (f", {place}" if place else "")
        events.append(
            Event(
                slug=f"bench-event-{i:06d}",
                title=title,
                summary=f"{' and '.join(names[c] for c in codes)}: {topic}{' in ' + place if place else ''}. "
                f"Synthetic benchmark record {i}.",
                type=event_type,
                domains=domains,
                start=start,
                start_approximate=start is not None and rng.random() < 0.1,
                end=end,
                place=place,
                status=status(),
            )
        )
        participant_codes.append([(code, roles[0] if k == 0 else roles[1]) for k, code in enumerate(codes)])
    events = Event.objects.bulk_create(events, batch_size=1000)
    participants = EventParticipant.objects.bulk_create(
        [
            EventParticipant(event=event, state_id=code, role=role)
            for event, codes in zip(events, participant_codes, strict=True)
            for code, role in codes
        ],
        batch_size=2000,
    )

    # Relationships: chains of consecutive, non-overlapping periods per (state A, state B, kind).
    relationships, next_start = [], {}
    for i in range(max(3, n // 10)):
        kind = rng.choice(RelationshipKind.values)
        a = rng.choice(AXIS)
        b = rng.choice([code for code in (*AXIS, *OTHER_STATES) if code != a])
        if kind not in DIRECTED_RELATIONSHIP_KINDS and a > b:
            a, b = b, a
        year = next_start.get((a, b, kind), rng.randint(1990, 2015))
        end_year = year + rng.randint(0, 4)
        next_start[(a, b, kind)] = end_year + 1
        relationships.append(
            Relationship(
                slug=f"bench-relationship-{i:06d}",
                kind=kind,
                state_a_id=a,
                state_b_id=b,
                start=PartialDate(year),
                end=PartialDate(end_year),
                founding_event=rng.choice(events) if rng.random() < 0.3 else None,
                summary=f"{names[a]} and {names[b]}: {RelationshipKind(kind).label.lower()}.",
                status=status(),
            )
        )
    last_of_chain = {(r.state_a_id, r.state_b_id, r.kind): r for r in relationships}
    for relationship in last_of_chain.values():
        if rng.random() < 0.5:
            relationship.end = None  # still holds
    relationships = Relationship.objects.bulk_create(relationships, batch_size=1000)

    claims, claim_subjects, claim_sources = [], [], []
    for i in range(n):
        subject = rng.random()
        event = rng.choice(events) if subject < 0.8 else None
        relationship = rng.choice(relationships) if 0.8 <= subject < 0.92 else None
        about = event.title if event else relationship.summary if relationship else "the axis of upheaval"
        state = rng.random()
        claim_status = EditorialStatus.DRAFT if state < 0.05 else EditorialStatus.RETRACTED if state < 0.08 else None
        quantity = rng.randint(100, 100_000) if rng.random() < 0.1 else None
        # The evidence rules (issue 10): corroborated needs two independent origins (two sources,
        # none relying on another), and a claim disputes only what it names.
        cited = rng.sample(sources, rng.choice((1, 1, 2)))
        stance = rng.choices(Stance.values, weights=(70, 10, 20))[0]
        if stance == Stance.DISPUTES and event is None and relationship is None:
            stance = Stance.CONTEXT
        assessment = rng.choice(Assessment.values)
        if assessment == Assessment.CORROBORATED and len(cited) < 2:
            assessment = Assessment.UNVERIFIED
        claim_sources.append(cited)
        claims.append(
            Claim(
                slug=f"bench-claim-{i:06d}",
                statement=f"Claim {i} about {about}.",
                claimant=rng.choice(CLAIMANTS),
                asserted=random_partial(rng) if rng.random() < 0.9 else None,
                event=event,
                relationship=relationship,
                stance=stance,
                credibility=rng.randint(1, 6),
                assessment=assessment,
                quantity_value=quantity,
                quantity_unit=rng.choice(UNITS) if quantity else "",
                status=claim_status or EditorialStatus.PUBLISHED,
                retraction_reason="Withdrawn by the claimant." if claim_status == EditorialStatus.RETRACTED else "",
            )
        )
        claim_subjects.append(event is None and relationship is None)
    claims = Claim.objects.bulk_create(claims, batch_size=1000)

    links = []
    for claim, untied in zip(claims, claim_subjects, strict=True):
        if untied or rng.random() < 0.1:
            for code in rng.sample((*AXIS, *OTHER_STATES[:8]), rng.randint(1, 2)):
                links.append(Claim.states.through(claim_id=claim.pk, state_id=code))
    Claim.states.through.objects.bulk_create(links, batch_size=2000)

    citations = Citation.objects.bulk_create(
        [
            Citation(
                claim=claim,
                source=source,
                quote=f"As reported, {claim.statement[:1].lower()}{claim.statement[1:]}",
                locator=f"para {rng.randint(1, 40)}",
            )
            for claim, cited in zip(claims, claim_sources, strict=True)
            for source in cited
        ],
        batch_size=2000,
    )
    return {
        "states": len(states),
        "events": len(events),
        "participants": len(participants),
        "relationships": len(relationships),
        "sources": len(sources),
        "claims": len(claims),
        "citations": len(citations),
        "claim-state links": len(links),
    }


def empty_curated_tables() -> None:
    """Empty every table of the curated records and their history (TRUNCATE: no triggers fire)."""
    from django.apps import apps
    from django.db import connection

    tables = [
        model._meta.db_table
        for label in ("events", "sources", "pghistory")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    quoted = ", ".join(connection.ops.quote_name(table) for table in dict.fromkeys(tables))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


# --- The benchmarks --------------------------------------------------------------


class Http:
    """GETs through ``django.test.Client`` that insist on the expected status."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, status: int = 200, headers: dict[str, str] | None = None):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.get(path, headers=headers)
        if response.status_code != status:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            raise RuntimeError(f"GET {path}: {response.status_code}, expected {status}: {body[:300]!r}")
        return response

    def results(self, url: str) -> int:
        return len(self.get(url).json()["results"])

    def detail(self, url: str) -> int:
        self.get(url).json()
        return 1

    def csv_rows(self, url: str) -> int:
        response = self.get(url)
        body = b"".join(response.streaming_content)
        return body.count(b"\r\n") - 1

    def not_modified(self, url: str, etag: str) -> int:
        self.get(url, 304, {"If-None-Match": etag})
        return 0

    def deep_page(self, url: str, pages: int) -> tuple[str, int]:
        """The URL of page ``pages`` following ``next`` from ``url`` (or of the last page), and its number."""
        number = 1
        while number < pages:
            following = self.get(url).json()["next"]
            if not following:
                break
            url, number = following, number + 1
        return url, number


def explorer_benchmarks(bench: Bench, http: Http) -> None:
    from benchmarks.explorer import explorer_benchmarks as measure_pages

    measure_pages(bench, http)


def fixtures_benchmarks(bench: Bench) -> None:
    from curation.csvio.services import fixtures_export, fixtures_import

    folder = ROOT / "fixtures"

    def import_fixtures(expect: str):
        def run() -> int:
            report = fixtures_import(folder=folder)
            if report.has_errors:
                raise RuntimeError("import_fixtures failed:\n" + "\n".join(report.error_lines()[:20]))
            return report.total(expect)

        return run

    bench.section("CSV fixtures (fixtures/)")
    bench.measure(
        "import_fixtures into empty tables", import_fixtures("created"), setup=empty_curated_tables, warmup=False
    )
    empty_curated_tables()
    first = fixtures_import(folder=folder)
    again = fixtures_import(folder=folder)
    if again.total("created") or again.total("updated"):
        bench.notes.append(
            f"re-import of unchanged fixtures created {again.total('created')} and updated "
            f"{again.total('updated')} rows (expected none)"
        )
    bench.measure("import_fixtures again (unchanged)", import_fixtures("unchanged"))
    with tempfile.TemporaryDirectory(prefix="axisdb-bench-") as tmp:
        bench.measure("export_fixtures to a folder", lambda: sum(f.rows for f in fixtures_export(folder=tmp)))
    if first.total("created") == 0:
        bench.notes.append("import_fixtures created nothing")
    empty_curated_tables()


def api_benchmarks(bench: Bench, http: Http, admin: Http) -> list[tuple[str, str]]:
    """Everything measured on the seeded volume; returns the event list URLs whose plans to show."""
    from events.models import Event, Relationship
    from sources.models import Claim, Source

    bench.section("API list, first page")
    for resource in ("events", "claims", "sources", "relationships", "states"):
        for size in (50, 100):
            url = f"/api/{resource}/?page_size={size}"
            bench.measure(f"{resource} page_size={size}", lambda url=url: http.results(url))

    bench.section("API list, deep page (following next)")
    plans = [("events, first page", "/api/events/?page_size=50")]
    for resource in ("events", "claims"):
        url, number = http.deep_page(f"/api/{resource}/?page_size=50", 21)
        bench.measure(f"{resource} page {number} (page_size=50)", lambda url=url: http.results(url))
        if resource == "events":
            plans.append((f"events, page {number}", url))

    bench.section("API event list, filtered (page_size=50)")
    for label, query in (
        ("participant=RUS,PRK", "participant=RUS,PRK"),
        ("participant_all=RUS,PRK", "participant_all=RUS,PRK"),
        ("from=2024-03&to=2024-06", "from=2024-03&to=2024-06"),
        ("q=naval", "q=naval"),
        ("q=microchip Rason (selective)", "q=microchip%20Rason"),
        ("participant=PRK&type=arms_transfer&from=2022", "participant=PRK&type=arms_transfer&from=2022"),
    ):
        url = f"/api/events/?page_size=50&{query}"
        bench.measure(f"events ?{label}", lambda url=url: http.results(url))
        plans.append((f"events ?{label}", url))
    bench.measure("claims ?q=naval", lambda: http.results("/api/claims/?page_size=50&q=naval"))
    bench.measure("claims ?state=PRK", lambda: http.results("/api/claims/?page_size=50&state=PRK"))

    bench.section("API detail")
    details = {
        "events": Event.objects.published().order_by("slug").values_list("slug", flat=True).first(),
        "claims": Claim.objects.public().order_by("slug").values_list("slug", flat=True).first(),
        "sources": Source.objects.published().order_by("slug").values_list("slug", flat=True).first(),
        "relationships": Relationship.objects.published().order_by("slug").values_list("slug", flat=True).first(),
        "states": "PRK",
    }
    for resource, key in details.items():
        url = f"/api/{resource}/{key}/"
        bench.measure(f"{resource} detail", lambda url=url: http.detail(url))

    bench.section("API CSV, the whole list (?format=csv, streamed)")
    for resource in ("events", "claims"):
        url = f"/api/{resource}/?format=csv"
        bench.measure(f"{resource} csv", lambda url=url: http.csv_rows(url), warmup=False)

    bench.section("API revalidation (If-None-Match, expecting 304)")
    revalidated = (("events list", "/api/events/?page_size=50"), ("claim detail", f"/api/claims/{details['claims']}/"))
    for name, url in revalidated:
        etag = http.get(url)["ETag"]
        bench.measure(f"304 {name}", lambda url=url, etag=etag: http.not_modified(url, etag))

    bench.section("Admin changelists (superuser, 50 per page)")
    for name, url in (("events", "/admin/events/event/"), ("claims", "/admin/sources/claim/")):
        bench.measure(
            f"admin {name} changelist",
            lambda url=url: len(admin.get(url).context_data["cl"].result_list),
        )
    bench.measure(
        "admin events changelist ?q=naval",
        lambda: len(admin.get("/admin/events/event/?q=naval").context_data["cl"].result_list),
    )

    from curation.csvio.services import fixtures_export

    bench.section("CSV export of the whole seeded database")
    with tempfile.TemporaryDirectory(prefix="axisdb-bench-") as tmp:
        bench.measure(
            "export_fixtures (seeded)", lambda: sum(f.rows for f in fixtures_export(folder=tmp)), warmup=False
        )
    return plans


def plan_nodes(node: dict, depth: int = 0):
    yield depth, node
    for child in node.get("Plans", []):
        yield from plan_nodes(child, depth + 1)


def describe_node(node: dict) -> str:
    text = node["Node Type"]
    if node.get("Index Name"):
        text += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        text += f" on {node['Relation Name']}"
    return text


def explain_plans(http: Http, plans: list[tuple[str, str]]) -> None:
    """Print, for each URL, the plan of its main query (the events page) as node types, scans and indexes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out()
    out("EXPLAIN (ANALYZE, FORMAT JSON) of the events page query of each request:")
    for label, url in plans:
        with CaptureQueriesContext(connection) as captured:
            http.results(url)
        sqls = [query["sql"] for query in captured.captured_queries]
        main = [sql for sql in sqls if 'FROM "events_event"' in sql and "LIMIT" in sql]
        if not main:
            out(f"  {label}: no events page query captured")
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + main[0])
            explained = cursor.fetchone()[0]
        if isinstance(explained, str):  # a driver that does not decode json
            import json

            explained = json.loads(explained)
        root = explained[0]["Plan"]
        nodes = list(plan_nodes(root))
        spine, node = [], root
        while node is not None and "Scan" not in node["Node Type"]:
            spine.append(node["Node Type"])
            children = [child for child in node.get("Plans", []) if child.get("Parent Relationship") != "SubPlan"]
            node = children[0] if children else None
        if node is not None:
            spine.append(describe_node(node))
        scans = Counter(describe_node(n) for _, n in nodes if "Scan" in n["Node Type"])
        out(
            f"  {label}: planning {explained[0]['Planning Time']:.1f} ms, execution "
            f"{explained[0]['Execution Time']:.1f} ms, {int(root.get('Actual Rows', 0))} rows"
        )
        out(f"    {' > '.join(spine)}")
        out("    scans: " + "; ".join(f"{scan}{f' x{count}' if count > 1 else ''}" for scan, count in scans.items()))


def environment_header(args: argparse.Namespace, database: str) -> None:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    out("axisdb benchmarks (figures only, never pass/fail)")
    out(f"  date        {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}")
    load = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    out(f"  machine     {platform.platform()}, {cores} cores usable, {load}")
    out(f"  PostgreSQL  {pg_version}   Python {platform.python_version()}   Django {django.get_version()}")
    out(f"  database    {database} (throwaway)   N={args.events} events   repeat={args.repeat} (+1 warm-up)")


def run_benchmarks(args: argparse.Namespace, database: str) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    # As in Django's test runner: DEBUG off (no query log), and the test client's host allowed.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    if connection.settings_dict["NAME"] != database:  # never seed or truncate anything else
        raise RuntimeError(f"connected to {connection.settings_dict['NAME']!r}, not to {database!r}")
    started = time.perf_counter()
    environment_header(args, database)
    step = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    out(f"  migrate     {time.perf_counter() - step:.1f} s")
    out()
    out(TABLE_HEADER)
    bench = Bench(args.repeat)
    fixtures_benchmarks(bench)

    step = time.perf_counter()
    with transaction.atomic():  # the evidence rules are checked at commit: claims with their citations
        counts = seed(args.events, random.Random(20240317))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seeded = ", ".join(f"{count} {what}" for what, count in counts.items())
    out(f"-- seeded in {time.perf_counter() - step:.1f} s (bulk_create, then VACUUM ANALYZE): {seeded}")

    http = Http(Client())
    admin_client = Client()
    admin_client.force_login(get_user_model().objects.create_superuser("bench-admin", "", None))
    plans = api_benchmarks(bench, http, Http(admin_client))
    explorer_benchmarks(bench, http)
    explain_plans(http, plans)
    if args.sipri_rows != 0:
        from .datasets import sipri_benchmarks

        sipri_benchmarks(out, args.sipri_rows)
        if args.sipri_rows is None:  # the whole register: measure the explorer on the real data too
            from .real_data import explorer_on_real_data

            explorer_on_real_data(bench, http, out)
    for note in bench.notes:
        out(f"note: {note}")
    out()
    out(f"{len(bench.results)} benchmarks in {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if "django.conf" in sys.modules:
        from django.conf import settings

        if settings.configured:
            # Settings read DATABASE_URL once: this process could no longer be pointed at a throwaway database.
            raise SystemExit("benchmarks.run must run in a fresh process: python -m benchmarks.run")
    os.chdir(ROOT)
    # SIGTERM ends the run through the finally below, so the database is dropped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    server_url = configured_server_url()
    database = f"axisdb_bench_{os.getpid()}"
    create_database(server_url, database)
    try:
        os.environ["DATABASE_URL"] = with_database_name(server_url, database)
        os.environ["DJANGO_SETTINGS_MODULE"] = "axisdb.settings"
        os.environ["AXISDB_API_ANON_RATE"] = "1000000/second"
        # What a page costs to make, not what the response cache saves: every timed request repeats
        # one URL, which the cache would answer after the warm-up (and the plans below would see no query).
        os.environ["AXISDB_API_RESPONSE_CACHE_ENTRIES"] = "0"
        os.environ.setdefault("LOG_LEVEL", "WARNING")  # no line per admin login (django-axes)
        # The admin's static files are served by whitenoise from the finders; no collectstatic needed.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        import django

        django.setup()
        run_benchmarks(args, database)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            with contextlib.suppress(Exception):
                connections.close_all()
        drop_database(server_url, database)
        out(f"dropped database {database}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
