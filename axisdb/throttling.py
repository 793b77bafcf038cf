"""Throttling of anonymous clients, by address.

The rate is read from the ``AXISDB_API_ANON_RATE`` setting at every request
(environment variable of the same name, e.g. ``1000/hour``), so a test can lower
it with pytest-django's ``settings`` fixture. The address is the one the login
lockout uses (``axisdb.security.client_ip``: REMOTE_ADDR unless
``TRUSTED_PROXY_COUNT`` proxies of ours stand in front), so a forged
X-Forwarded-For cannot dodge the limit. Counts live in this process (``HISTORIES``), as they did in
Django's local-memory cache, without its pickling.
"""

import threading
import time
from array import array

from django.conf import settings
from rest_framework import throttling

from axisdb.security import client_ip


class ClientHistories:
    """Each client's request times, kept in this process as arrays of floats: what DRF's throttle gets and sets.

    Django's local-memory cache, where DRF keeps them by default, pickles every value it stores and
    unpickles every value it returns, and checks every key character by character: 35 us of the 50 the
    throttle cost a replayed 304 (``axisdb.not_modified_replay``), whose whole answer is a query and the
    throttle. Kept as that cache kept them: per process, each until the rate's period has passed since
    its last request, at most ``MAX_CLIENTS`` (then the expired ones, else the longest unseen, go first).
    """

    MAX_CLIENTS = 10_000

    def __init__(self):
        self._entries: dict[str, tuple[float, array]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, default=None):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] <= time.monotonic():
                return default
            return array("d", entry[1])  # a copy: the throttle changes it before it sets it

    def set(self, key: str, value, timeout: float) -> None:
        now = time.monotonic()
        with self._lock:
            self._entries.pop(key, None)  # set again, it is the most recently seen
            if len(self._entries) >= self.MAX_CLIENTS:
                for stale in [name for name, (expires, _) in self._entries.items() if expires <= now]:
                    del self._entries[stale]
                while len(self._entries) >= self.MAX_CLIENTS:
                    del self._entries[next(iter(self._entries))]
            self._entries[key] = (now + timeout, array("d", value))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


HISTORIES = ClientHistories()


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = HISTORIES

    def get_rate(self):
        return settings.AXISDB_API_ANON_RATE

    def get_ident(self, request):
        return client_ip(request) or "unknown"

    def throttle_success(self):
        # A new client's history is DRF's empty list: kept as an array of floats like the others (up to the
        # rate's count: 1,000 at 1000/hour), which ``ClientHistories`` copies as one block of bytes.
        if not isinstance(self.history, array):
            self.history = array("d", self.history)
        return super().throttle_success()
