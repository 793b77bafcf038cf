"""The read-only API of claims and sources (machinery in ``curation.api``)."""
