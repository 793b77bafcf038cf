"""Login lockout pieces: the client's address as the lockout sees it, and the backend."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address a login attempt came from, for django-axes (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, the peer of the TCP connection, unless ``TRUSTED_PROXY_COUNT``
    (settings, from the environment) says how many reverse proxies of ours stand
    in front of the app. Then it is the address the outermost of them saw: the
    ``TRUSTED_PROXY_COUNT``-th entry from the right of X-Forwarded-For, the one
    part of that header a client cannot write. With the default of 0 the header
    is ignored, so forging it cannot dodge a lockout.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check for every login that comes with a request.

    Axes refuses ``authenticate()`` calls without a request; those (scripts,
    Django's test client) cannot be brute-forced from outside, so they are
    passed on to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
