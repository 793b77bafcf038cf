"""The importers of public data sets: SIPRI arms transfers, ATOP alliances, COW state codes.

The app imports them (``services``: ``sipri_register_import``, ``atop_import``; the commands
``import_sipri`` and ``import_atop``; the admin upload in ``admin`` and ``jobs``), resolving
states through the names table (``resolving``), mapping records (``sipri_records``,
``atop_records``) and writing them (``writing``, remembering each in ``models.ImportedRecord``).
Its file readers are pure Python, with no models:

- ``sipri``: the SIPRI Arms Transfers Database trade register, as SIPRI exports it (cp1252).
- ``atop``: ATOP v4.01 alliance-level and member-level files.
- ``cow``: the Correlates of War state codes that ATOP uses.
- ``state_names``: SIPRI names and COW codes mapped to ISO 3166 codes (writes ``data/*.csv``).
- ``errors``, ``lines``, ``table``, ``dates``: what the readers share (problems, decoding, CSV
  records, the one import of ``PartialDate``).
- ``benchmark``: ``python -m datasets.benchmark`` prints how fast the full files read.

Each reader takes a file opened in binary mode, decodes it in the encoding its format
declares, and reports every malformed value as a ``RowError`` naming the line, the column
and the value; a file that is not in the format at all raises ``FormatError``.
"""
