"""How fast the readers read the full files: ``python -m datasets.benchmark [DIR]``.

DIR defaults to ``<repository>/../shared/data/external``. Prints rows per second (best
of three runs) and the peak of Python's traced memory while reading the SIPRI register,
which stays flat apart from the content-key occurrence counts.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

from .atop import AllianceFile, MemberFile
from .cow import read_cow_codes
from .sipri import TradeRegister

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "external"
RUNS = 3


def _count_sipri(path: Path) -> int:
    with path.open("rb") as stream:
        register = TradeRegister(stream)
        count = sum(1 for _ in register)
    if register.errors:
        raise SystemExit(f"{path}: {len(register.errors)} errors, first: {register.errors[0]}")
    return count


def _count_table(path: Path, reader) -> int:
    with path.open("rb") as stream:
        rows = reader(stream)
        return sum(1 for _ in rows)


def _count_cow(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(len(state.lines) for state in read_cow_codes(stream))


def _best_rate(label: str, count) -> None:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        rows = count()
        best = min(best, time.perf_counter() - start)
    print(f"{label}: {rows} rows in {best:.3f} s = {rows / best:,.0f} rows/s (best of {RUNS})")


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else DEFAULT_DIR
    sipri = directory / "sipri-trade-register-2025-03-13.csv"
    if not sipri.is_file():
        print(f"no {sipri}: give the folder of the full data files", file=sys.stderr)
        return 2
    _best_rate("SIPRI trade register", lambda: _count_sipri(sipri))
    _best_rate("ATOP alliances", lambda: _count_table(directory / "atop-4.01-alliance-level.csv", AllianceFile))
    _best_rate("ATOP members", lambda: _count_table(directory / "atop-4.01-member-level.csv", MemberFile))
    _best_rate("COW codes", lambda: _count_cow(directory / "cow-country-codes.csv"))
    tracemalloc.start()
    _count_sipri(sipri)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = sipri.stat().st_size
    print(f"SIPRI trade register: peak traced memory {peak / 1e6:.1f} MB (the file is {size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
