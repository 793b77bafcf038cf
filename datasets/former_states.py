"""States that no longer exist, as the data sets name them: ISO 3166-3 codes, when they existed, successors.

The codes and official names are ISO 3166-3's (pycountry's ``historic_countries``); the
dates are those of founding and dissolution in the standard histories. A successor is
given only where one state continues the former one (Russia the Soviet Union, Germany
the GDR, Yemen South Yemen); Czechoslovakia and Yugoslavia have several, so none.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import PartialDate


@dataclass(frozen=True)
class FormerState:
    iso3: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    valid_from: PartialDate
    valid_until: PartialDate
    successor: str | None


FORMER_STATES = {
    state.iso3: state
    for state in (
        FormerState(
            "SUN",
            "Union of Soviet Socialist Republics",
            "Soviet Union",
            ("USSR",),
            PartialDate(1922, 12, 30),
            PartialDate(1991, 12, 26),
            "RUS",
        ),
        FormerState(
            "CSK", "Czechoslovakia", "Czechoslovakia", (), PartialDate(1918, 10, 28), PartialDate(1992, 12, 31), None
        ),
        FormerState(
            "DDR",
            "German Democratic Republic",
            "East Germany",
            ("GDR", "East Germany (GDR)"),
            PartialDate(1949, 10, 7),
            PartialDate(1990, 10, 3),
            "DEU",
        ),
        FormerState("YUG", "Yugoslavia", "Yugoslavia", (), PartialDate(1918, 12, 1), PartialDate(2003, 2, 4), None),
        FormerState(
            "YMD",
            "People's Democratic Republic of Yemen",
            "South Yemen",
            (),
            PartialDate(1967, 11, 30),
            PartialDate(1990, 5, 22),
            "YEM",
        ),
    )
}


def predecessors_of(codes) -> set[str]:
    """The former states whose successor is one of ``codes``."""
    return {state.iso3 for state in FORMER_STATES.values() if state.successor in set(codes)}
