"""Throttling of anonymous clients, by address.

The rate is read from the ``AXISDB_API_ANON_RATE`` setting at every request
(environment variable of the same name, e.g. ``1000/hour``), so a test can lower
it with pytest-django's ``settings`` fixture. The address is the one the login
lockout uses (``axisdb.security.client_ip``: REMOTE_ADDR unless
``TRUSTED_PROXY_COUNT`` proxies of ours stand in front), so a forged
X-Forwarded-For cannot dodge the limit. Counts live in Django's default cache.
"""

from array import array

from django.conf import settings
from rest_framework import throttling

from axisdb.security import client_ip


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self):
        return settings.AXISDB_API_ANON_RATE

    def get_ident(self, request):
        return client_ip(request) or "unknown"

    def throttle_success(self):
        # The client's request times (up to the rate's count: 1,000 at 1000/hour) are kept as an array of
        # floats, not DRF's list: the cache pickles them on every request, an array as one block of bytes
        # (a list float by float took 80 us of a 304's 500 with 2,000 of them).
        if not isinstance(self.history, array):
            self.history = array("d", self.history)
        return super().throttle_success()
