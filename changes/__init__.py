"""What a reader could see change since a moment: the API's ``/api/changes/`` feed and every list's ``updated_since``.

It sits above ``events`` and ``sources`` and reads the history pghistory's
triggers record (``curation.history``): ``records.py`` names the public records,
``tracking.py`` finds what changed since a time, ``api.py`` serves the feed.
"""
