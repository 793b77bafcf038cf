"""Settings of the test suite: the project's, plus a test-only app of small models
(``tests.machinery``) that tries the shared machinery on its own."""

from axisdb.settings import *  # noqa: F403
from axisdb.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.machinery"]
