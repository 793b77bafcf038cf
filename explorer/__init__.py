"""The public explorer: server-rendered pages of the published records (timeline, network, event, state, source).

Top-middle floor: it reads ``events`` and ``sources`` through their selectors; nothing imports it
except ``axisdb/urls.py``.
"""
