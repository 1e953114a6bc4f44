"""Production: everything from the environment; passes `manage.py check --deploy`.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Optional: REDIS_URL, EMAIL_URL,
CSRF_TRUSTED_ORIGINS, SITE_URL, CLIENT_IP_HEADER, SENTRY_DSN (see docs/deployment.md).
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
DEMO_CONTENT_ALLOWED = False  # never demo material on the public site
SECRET_KEY = env("SECRET_KEY")  # ImproperlyConfigured when missing
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Mail and Wagtail's background work are queued in PostgreSQL and sent by the
# worker process (`manage.py db_worker`, see docs/deployment.md), never in a request.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Staff sign in to both admins with a password and a code (lejerbo_site/two_factor.py).
TWO_FACTOR_REQUIRED = True

# TLS ends at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
