"""Tests: fast hashing, in-memory mail and cache, plain static storage."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789abcdefghij"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = SITE_URL = "http://testserver"
# Serve static files from the apps' folders; there is no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Django's test client logs in without a request, which django-axes refuses; the
# lockout tests (tests/lejerbo_site/test_admin_lockout.py) switch it back on.
AXES_ENABLED = False
# The whole suite posts from one address within a minute; the abuse-limit tests
# (tests/lejerbo_site/test_public_form_limits.py, test_rate_limit.py) switch it on.
RATE_LIMIT_ENABLED = False
DEMO_CONTENT_ALLOWED = True
