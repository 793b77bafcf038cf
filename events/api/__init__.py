"""The read-only API of states, events and relationships (machinery in ``curation.api``)."""
