"""Settings of the test suite: the project's, plus a test-only app of small models
(``tests.machinery``) that tries the shared machinery on its own."""

from axisdb.settings import *  # noqa: F403
from axisdb.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.machinery"]

# Answers kept in memory would outlive a test's rolled-back data (the version comes back with it);
# tests/test_api_response_cache.py turns them on with a fresh cache.
AXISDB_API_RESPONSE_CACHE_ENTRIES = 0
