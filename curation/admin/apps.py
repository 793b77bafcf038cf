"""The admin app with axisdb's site (``curation.admin.site.CuratedAdminSite``) as ``admin.site``.

Listed in INSTALLED_APPS in place of ``django.contrib.admin``.
"""

from django.contrib.admin.apps import AdminConfig


class CuratedAdminConfig(AdminConfig):
    default_site = "curation.admin.site.CuratedAdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin.py
        from django.contrib import admin

        admin.site.adopt_system_tables()
