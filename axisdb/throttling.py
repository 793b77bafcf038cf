"""Throttling of anonymous clients, by address.

The rate is read from the ``AXISDB_API_ANON_RATE`` setting at every request
(environment variable of the same name, e.g. ``1000/hour``), so a test can lower
it with pytest-django's ``settings`` fixture. The address is the one the login
lockout uses (``axisdb.security.client_ip``: REMOTE_ADDR unless
``TRUSTED_PROXY_COUNT`` proxies of ours stand in front), so a forged
X-Forwarded-For cannot dodge the limit. Counts live in Django's default cache.
"""

from django.conf import settings
from rest_framework import throttling

from axisdb.security import client_ip


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self):
        return settings.AXISDB_API_ANON_RATE

    def get_ident(self, request):
        return client_ip(request) or "unknown"
