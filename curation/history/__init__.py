"""Record history: reading pghistory's events for one record, and restoring a version."""
