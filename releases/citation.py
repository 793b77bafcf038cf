"""How to cite the data: the CITATION.cff text of a release, and the sentence the API root shows.

Nothing is made up: no DOI until one is minted, no licence until AXISDB_DATA_LICENSE names one.
"""

from django.conf import settings

TITLE = "axisdb: a curated database of the cooperation between Russia, China, Iran and North Korea"
NO_LICENSE = "not yet chosen"


def data_license() -> str:
    """The data's licence as configured (an SPDX id), or "not yet chosen"."""
    return settings.AXISDB_DATA_LICENSE or NO_LICENSE


def how_to_cite(release) -> str:
    if release is None:
        return (
            "No release has been cut yet: cite the API with the date you read it. Releases are numbered, frozen "
            "copies (/api/releases/), each with a CITATION.cff."
        )
    return (
        f"axisdb, release {release.version} ({release.snapshot_at:%Y-%m-%d}), SHA-256 {release.sha256}: "
        "its zip (/api/releases/) holds CITATION.cff."
    )


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def citation_cff(*, version: str, date_released: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) of one release, ready for a DOI once one is minted."""
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this data, please cite this release of it."',
        "type: dataset",
        f"title: {quoted(TITLE)}",
        "authors:",
        '  - name: "axisdb contributors"',
        f"version: {quoted(version)}",
        f"date-released: {quoted(date_released)}",
    ]
    if settings.AXISDB_DATA_LICENSE:
        lines.append(f"license: {quoted(settings.AXISDB_DATA_LICENSE)}")
    else:
        lines.append("# license: not yet chosen (AXISDB_DATA_LICENSE is unset)")
    lines.append("# doi: none yet; add it here when one is minted for this release")
    return "\n".join(lines) + "\n"
