"""The explorer on the real data (issue 14: "with the SIPRI register imported, about 30,000 events").

Runs after the SIPRI benchmark has imported the whole register (published): imports ATOP v4.01 too
(published, timed), refreshes the planner's statistics, then measures the explorer's pages again on
the seeded volume plus the real records. Figures only, never pass/fail.
"""

import time

from .datasets import SIPRI

ALLIANCES = SIPRI.parent / "atop-4.01-alliance-level.csv"
MEMBERS = SIPRI.parent / "atop-4.01-member-level.csv"


def explorer_on_real_data(bench, http, out) -> None:
    from datasets.services import atop_import
    from events.models import Event, Relationship

    if not (ALLIANCES.is_file() and MEMBERS.is_file()):
        out(f"-- explorer on the real data: skipped, no {ALLIANCES.name} and {MEMBERS.name}")
        return
    started = time.perf_counter()
    with ALLIANCES.open("rb") as alliances, MEMBERS.open("rb") as members:
        report = atop_import(
            alliances=alliances,
            members=members,
            file_names=(ALLIANCES.name, MEMBERS.name),
            add_states=True,
            publish=True,
        )
    out(
        f"-- import_atop, new: {report.rows} alliances ({report.kept} imported, "
        f"{report.total('created')} records) in {time.perf_counter() - started:.1f} s"
    )
    events, ties = Event.objects.published().count(), Relationship.objects.published().count()
    from benchmarks.explorer import explorer_benchmarks

    explorer_benchmarks(
        bench,
        http,
        title=f"Explorer pages on the seeded volume plus SIPRI and ATOP ({events:,} events, {ties:,} ties published)",
    )
