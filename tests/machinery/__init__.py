"""A test-only app of small models, to try the shared machinery (``curation``) on its own.

It is installed by ``tests/settings.py`` only; it has no migrations (the test
database creates its tables directly).
"""
