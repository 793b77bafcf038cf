from django.contrib import admin
from django.urls import include, path

from axisdb.health import healthz

# A database outage is a 503 (axisdb.outage), any other error Django's 500 page.
handler500 = "axisdb.outage.server_error"

admin.site.site_header = "axisdb editors"
admin.site.site_title = "axisdb"
admin.site.index_title = "Curate states, events, relationships, claims and sources"

urlpatterns = [
    # The API first: its reads are the most frequent requests, and each pattern before it is tried in vain.
    path("api/", include("axisdb.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The public explorer at the root: /, /timeline/, /network/, /events/<key>/, /states/<iso3>/, /sources/<key>/.
    path("", include("explorer.urls")),
]
