"""The one place this package imports ``PartialDate`` from, so that a move is a one-line change."""

from curation.partial_dates import PartialDate

__all__ = ["PartialDate"]
