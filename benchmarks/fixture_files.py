"""A large events.csv in the fixture format, for timing ``import_fixtures`` (issue 15).

    .venv/bin/python -m benchmarks.fixture_files FOLDER --events 20000 [--seed 1] [--prefix gen]

Writes ``FOLDER/events.csv`` only (the other fixture files are then reported missing and
skipped): events of every type, with 1-3 participants among the fixtures' states, partial
dates at every precision (some approximate, some undated), domains and statuses. Keys are
``<prefix>-<n>``, so a second file with another prefix adds events instead of updating them.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

STATES = ("CHN", "IRN", "PRK", "RUS", "BTN", "GBR", "IND", "KOR", "NLD", "PHL", "SYR", "TUR", "UKR", "USA")
TYPES = (
    "military_exercise",
    "arms_transfer",
    "technology_transfer",
    "economic_deal",
    "summit_visit",
    "treaty_agreement",
    "sanctions_evasion",
    "diplomatic_statement",
    "weapons_test",
)
DOMAINS = ("military", "economic", "diplomatic", "technological", "nuclear", "cyber", "energy", "information")
ROLES = ("participant", "host", "supplier", "recipient", "signatory", "observer")
HEADER = ("key", "title", "summary", "type", "domains", "start", "end", "place", "participants", "status")


def _date(rng: random.Random, year: int) -> str:
    precision = rng.random()
    if precision < 0.3:
        text = f"{year}"
    elif precision < 0.6:
        text = f"{year}-{rng.randint(1, 12):02d}"
    else:
        text = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return text + ("~" if rng.random() < 0.1 else "")


def event_rows(count: int, *, seed: int = 1, prefix: str = "gen") -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        year = rng.randint(1990, 2024)
        start = _date(rng, year) if rng.random() < 0.9 else ""
        end = f"{year + rng.randint(1, 3)}" if start and rng.random() < 0.3 else ""
        states = rng.sample(STATES, rng.choice((1, 2, 2, 3)))
        participants = ";".join(f"{state}:{rng.choice(ROLES)}" for state in states)
        rows.append(
            [
                f"{prefix}-{number}",
                f"Generated event {number} between {' and '.join(states)}",
                f"A generated event for timing the importer ({number}).",
                rng.choice(TYPES),
                ";".join(rng.sample(DOMAINS, rng.randint(0, 2))),
                start,
                end,
                rng.choice(("", "Gulf of Oman", "Vladivostok", "Tehran", "Pyongyang")),
                participants,
                rng.choice(("draft", "published")),
            ]
        )
    return rows


def write_events(folder: Path, count: int, *, seed: int = 1, prefix: str = "gen") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "events.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(event_rows(count, seed=seed, prefix=prefix))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="gen")
    args = parser.parse_args()
    path = write_events(args.folder, args.events, seed=args.seed, prefix=args.prefix)
    print(f"{path}: {args.events} events")


if __name__ == "__main__":
    main()
