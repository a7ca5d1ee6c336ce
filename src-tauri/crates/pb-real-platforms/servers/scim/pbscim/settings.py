"""Settings of a minimal Django project that serves django-scim2 (PyPI) at
/scim/v2/ on 127.0.0.1, for the SCIM preset's tests. Everything SCIM is
django-scim2's own code with its default adapters; this project only configures
it. The Rust fixture (pb-real-platforms/src/scim.rs) sets the environment:

  PB_SCIM_DB      the SQLite file (a fresh temp dir per test run)
  PB_SCIM_TOKEN   the bearer token clients must send
  PB_SCIM_NETLOC  host:port, for the absolute URLs in meta.location and $ref
"""
import os

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
# Signs nothing that matters here (no sessions, no CSRF cookies), but Django
# refuses to start without one.
SECRET_KEY = "pb-scim-test-server-not-a-secret"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django_scim",
    "pbscim",
]
# No sessions, CSRF or messages: SCIM clients authenticate each request with a
# bearer token (pbscim.auth), and django-scim2's views are csrf_exempt.
MIDDLEWARE = ["pbscim.auth.BearerTokenMiddleware"]
ROOT_URLCONF = "pbscim.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("PB_SCIM_DB", "pbscim.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# django-scim2's default adapters read these fields (pbscim.models).
AUTH_USER_MODEL = "pbscim.User"
USE_TZ = True
TIME_ZONE = "UTC"

SCIM_SERVICE_PROVIDER = {
    "SCHEME": "http",
    "NETLOC": os.environ.get("PB_SCIM_NETLOC", "127.0.0.1"),
    "GROUP_MODEL": "pbscim.models.Group",
    "AUTHENTICATION_SCHEMES": [
        {
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "Authorization: Bearer <token>",
        }
    ],
    "WWW_AUTHENTICATE_HEADER": 'Bearer realm="pb-scim"',
}

# Requests (runserver's django.server logger) and every traceback go to stderr,
# which the fixture keeps in server.log and quotes when something fails.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO"},
        "django_scim": {"handlers": ["stderr"], "level": "WARNING"},
    },
}
