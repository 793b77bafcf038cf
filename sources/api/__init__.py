"""The read-only API of claims and sources (machinery in ``axisdb.api``)."""
