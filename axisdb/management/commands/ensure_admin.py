import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if it does not exist yet. The password comes from "
        "AXISDB_ADMIN_PASSWORD, otherwise one is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(f"Admin user '{username}' already exists; its password is unchanged.")
            return
        password = os.environ.get("AXISDB_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        if os.environ.get("AXISDB_ADMIN_PASSWORD"):
            self.stdout.write(f"Created admin user '{username}' with the password from AXISDB_ADMIN_PASSWORD.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin user '{username}' with password: {password}\n"
                    "It is shown only this once. Set AXISDB_ADMIN_PASSWORD to choose your own."
                )
            )
