"""The admin changelists at scale: server time and query count, in-process (Django's test client, DEBUG off).

Every changelist of the curated tables, plain, filtered by a state (the list's
own state filter, found among its list filters), searched for a common term and
for a selective one (the generator's rare word), and searched with the state
filter. A page that takes more than two seconds is timed once; a quicker one
three times (the median).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from .generate import RARE_WORD

#: The changelists measured, by table.
TABLES = (
    "events_event",
    "sources_claim",
    "sources_citation",
    "events_relationship",
    "sources_source",
    "events_state",
)
STATE = "IRN"
#: A common search (about 6% of events, 12% of claims) and a selective one (0.1% of events' summaries).
SEARCH = "artillery"
SELECTIVE_SEARCH = RARE_WORD.lower()


@dataclass
class AdminResult:
    label: str
    url: str
    milliseconds: float | None = None
    queries: int | None = None
    rows: int | None = None  # on the page
    matched: int | None = None  # the changelist's own count of matching records
    runs: int = 0
    note: str = ""


def state_filter_parameter(model_admin, request) -> str | None:
    """The query parameter that filters this changelist by a state, or None when it has none."""
    from django.contrib import admin
    from django.contrib.admin.utils import get_fields_from_path

    for spec in model_admin.get_list_filter(request):
        if isinstance(spec, type) and issubclass(spec, admin.SimpleListFilter):
            if "state" in (spec.parameter_name or ""):
                return spec.parameter_name
            continue
        name = spec[0] if isinstance(spec, tuple | list) else spec
        if not isinstance(name, str):
            continue
        try:
            last = get_fields_from_path(model_admin.model, name)[-1]
        except Exception:  # a filter this code cannot read is simply not a state filter
            continue
        related = getattr(last, "related_model", None)
        if related is not None and related._meta.db_table == "events_state":
            return f"{name}__{related._meta.pk.name}__exact"
    return None


def time_page(client, result: AdminResult) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(result.url)
        times = [(time.perf_counter() - started) * 1000]
    if response.status_code != 200:
        target = response.get("Location", "")
        result.note = f"HTTP {response.status_code}" + (f" to {target}" if target else "")
        return
    result.queries = len(captured)
    changelist = response.context_data["cl"]
    result.rows = len(changelist.result_list)
    result.matched = changelist.result_count
    if times[0] < 2000:
        for _ in range(2):
            started = time.perf_counter()
            client.get(result.url)
            times.append((time.perf_counter() - started) * 1000)
    result.milliseconds = statistics.median(times)
    result.runs = len(times)


def measure() -> list[AdminResult]:
    from django.apps import apps
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import Client, RequestFactory
    from django.urls import reverse

    user = get_user_model().objects.create_superuser("scale-admin", "", None)
    client = Client()
    client.force_login(user)
    client.get(reverse("admin:index"))  # warm-up: URL resolution, templates, the session
    request = RequestFactory().get("/")
    request.user = user
    models = {model._meta.db_table: model for model in apps.get_models()}
    results = []
    for table in TABLES:
        model = models[table]
        name = model._meta.verbose_name_plural
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        parameter = state_filter_parameter(admin.site._registry[model], request)
        pages = [AdminResult(f"{name}", url)]
        if parameter:
            pages.append(AdminResult(f"{name} ?{parameter}={STATE}", f"{url}?{parameter}={STATE}"))
        else:
            pages.append(AdminResult(f"{name} by state", url, note="no state filter"))
        if not admin.site._registry[model].get_search_fields(request):
            pages.append(AdminResult(f"{name} searched", url, note="no search"))
        else:
            for term in (SEARCH, SELECTIVE_SEARCH):
                pages.append(AdminResult(f"{name} ?q={term}", f"{url}?q={term}"))
            if parameter:
                query = f"q={SEARCH}&{parameter}={STATE}"
                pages.append(AdminResult(f"{name} ?{query}", f"{url}?{query}"))
        for page in pages:
            if not page.note:
                time_page(client, page)
            results.append(page)
            shown = f"{page.milliseconds:.0f} ms" if page.milliseconds is not None else page.note
            print(f"   admin {page.label}: {shown}", flush=True)
    return results
