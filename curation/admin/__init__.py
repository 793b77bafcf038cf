"""The admin: axisdb's site (index, review queue), the base admin of every curated model, and its parts."""
