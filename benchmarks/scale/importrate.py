"""``manage.py import_fixtures`` of a generated events.csv into the big database, against ``COPY`` of the same file.

The file follows fixtures/README.md: new keys, states that exist (ISO3 codes),
participants with roles, partial dates at each precision, published. The import
runs as a user would run it (a child process, history triggers on); the
comparison is ``COPY ... FROM STDIN`` of the same bytes into a scratch table of
text columns, i.e. the rate at which PostgreSQL takes these rows at all.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from benchmarks.run import AXIS, OTHER_STATES, PLACES, TOPICS

from .database import manage

COLUMNS = ("key", "title", "summary", "type", "domains", "start", "end", "place", "participants", "status")


def write_events_csv(folder: Path, rows: int) -> Path:
    rng = random.Random(20250117)
    path = folder / "events.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for i in range(rows):
            topic, event_type, domains, roles = rng.choice(TOPICS)
            codes = [rng.choice(AXIS), *rng.sample(OTHER_STATES, rng.choice((1, 1, 2)))]
            place = rng.choice(PLACES)
            year = rng.randint(2000, 2025)
            start = rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}-{rng.randint(1, 12):02d}-15"))
            end = f"{year + 1}" if rng.random() < 0.2 else ""
            writer.writerow(
                (
                    f"scale-import-{i:07d}",
                    f"{'-'.join(codes[:2])} {topic}" + (f", {place}" if place else ""),
                    f"{' and '.join(codes)}: {topic}. Imported benchmark record {i}.",
                    event_type,
                    ";".join(domains),
                    start + ("~" if rng.random() < 0.1 else ""),
                    end,
                    place,
                    ";".join(f"{code}:{roles[0] if k == 0 else roles[1]}" for k, code in enumerate(codes)),
                    "published",
                )
            )
    return path


@dataclass
class ImportFigures:
    rows: int
    seconds: float
    created: int
    copy_seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def copy_rate(self) -> float:
        return self.rows / self.copy_seconds


def measure(url: str, rows: int) -> ImportFigures:
    with tempfile.TemporaryDirectory(prefix="axisdb-scale-import-") as tmp:
        path = write_events_csv(Path(tmp), rows)
        data = path.read_bytes()
        env = {"AXISDB_IMPORT_MAX_BYTES": str(len(data) + 1024), "LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        result = manage(url, "import_fixtures", tmp, env=env)
        seconds = time.perf_counter() - started
        with psycopg.connect(url) as connection:
            created = connection.execute(
                "SELECT count(*) FROM events_event WHERE slug LIKE 'scale-import-%'"
            ).fetchone()[0]
        if created != rows:
            raise RuntimeError(f"import_fixtures created {created} of {rows} rows:\n{result.stdout[-2000:]}")

        with psycopg.connect(url) as connection:
            columns = ", ".join(f'"{column}" text' for column in COLUMNS)
            connection.execute(f"CREATE TABLE scale_import_scratch ({columns})")
            connection.commit()
            try:
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    with cursor.copy("COPY scale_import_scratch FROM STDIN (FORMAT csv, HEADER)") as copy:
                        copy.write(data)
                    connection.commit()
                    copy_seconds = time.perf_counter() - started
            finally:
                connection.execute("DROP TABLE scale_import_scratch")
                connection.commit()
    return ImportFigures(rows, seconds, created, copy_seconds)
