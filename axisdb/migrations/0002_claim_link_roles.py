"""The Editor and Reviewer groups again, now with the claim links (issue 10): editors add, change and
remove a claim's links as they do its citations; reviewers also restore them. ``0001_roles`` says
what each group holds; running it again sets both groups to exactly that."""

import importlib

from django.db import migrations

roles = importlib.import_module("axisdb.migrations.0001_roles")


class Migration(migrations.Migration):
    dependencies = [("axisdb", "0001_roles"), ("sources", "0009_evidence_rules")]

    operations = [migrations.RunPython(roles.create_roles, migrations.RunPython.noop)]
