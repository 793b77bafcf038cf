"""Login lockout pieces: the client's address as the lockout sees it, the backend, and
the page a locked-out login gets."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse


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


def lockout_minutes() -> int:
    """How long a lockout lasts (AXES_COOLOFF_MINUTES), in whole minutes."""
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """A locked-out login (AXES_LOCKOUT_CALLABLE): 429, saying how long the lock lasts and what to do."""
    minutes = lockout_minutes()
    username = get_client_username(request, credentials) or ""
    message = (
        f"Too many failed logins: this account is locked for {minutes} minutes from the address you are using. "
        f"Wait {minutes} minutes, then log in with the right password; every attempt during the lock starts "
        f"the {minutes} minutes again. If you have forgotten your password or cannot wait, ask an administrator "
        "to lift the lock and reset your password."
    )
    retry_after = str(minutes * 60)
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        response = JsonResponse({"detail": message, "cooloff_minutes": minutes}, status=429)
    else:
        from django.contrib import admin

        context = {
            **admin.site.each_context(request),
            "title": "Login locked",
            "message": message,
            "minutes": minutes,
            "username": username,
        }
        response = TemplateResponse(request, "admin/curation/locked_out.html", context, status=429)
        response.render()
    response["Retry-After"] = retry_after
    return response
