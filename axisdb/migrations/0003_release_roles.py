"""The Editor and Reviewer groups again, now with the releases (issue 13): reviewers view and cut them.
``0001_roles`` says what each group holds; running it again sets both groups to exactly that."""

import importlib

from django.db import migrations

roles = importlib.import_module("axisdb.migrations.0001_roles")


class Migration(migrations.Migration):
    dependencies = [("axisdb", "0002_claim_link_roles"), ("releases", "0001_releases")]

    operations = [migrations.RunPython(roles.create_roles, migrations.RunPython.noop)]
