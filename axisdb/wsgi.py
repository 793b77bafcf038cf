import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "axisdb.settings")

django_application = get_wsgi_application()

from axisdb.not_modified_replay import NotModifiedReplay  # noqa: E402 (needs Django set up)

# A repeated conditional GET of the API whose 304 Django already gave is answered in front of it.
application = NotModifiedReplay(django_application)
