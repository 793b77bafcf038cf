"""The admin's shared pieces: the base class of every curated model's admin, and list filters."""
