"""Links to the API's views: each view's path reversed once per process, not once per response.

``reverse()`` walks the URL patterns every time: a sixth of a page's time when it ran per row, and
still a tenth of an uncached detail's (two links, 2026-12-01) when it ran once per response. A
view's path changes only with the script prefix the site is served under, so the paths are kept
per view and prefix (a few entries per site); the scheme and host are each request's own
(``build_absolute_uri``).
"""

from __future__ import annotations

from django.urls import get_script_prefix, reverse

_LIST_PATHS: dict[tuple[str, str], str] = {}
_DETAIL_PATHS: dict[tuple[str, str, str], tuple[str, str] | None] = {}


def list_url(request, view_name: str) -> str:
    """The absolute URL of a view that takes no arguments (a list), for ``request``; its path without one."""
    key = (view_name, get_script_prefix())
    path = _LIST_PATHS.get(key)
    if path is None:
        path = _LIST_PATHS[key] = reverse(view_name)
    return path if request is None else request.build_absolute_uri(path)


def detail_url_template(request, view_name: str, lookup_kwarg: str, sample_key: str) -> tuple[str, str] | None:
    """``(before, after)``: for ``request``, the absolute URL of the detail of any URL-safe key is
    ``before + key + after``. ``sample_key`` (a key the view takes) is reversed the first time. None
    where the view's path does not hold the key as a whole segment."""
    key = (view_name, lookup_kwarg, get_script_prefix())
    if key not in _DETAIL_PATHS:
        before, found, after = reverse(view_name, kwargs={lookup_kwarg: sample_key}).rpartition(f"/{sample_key}/")
        _DETAIL_PATHS[key] = (before + "/", "/" + after) if found else None
    template = _DETAIL_PATHS[key]
    if template is None:
        return None
    return request.build_absolute_uri(template[0]), template[1]
