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
# Django's test client logs in without a request, which django-axes refuses; the
# lockout tests (tests/lejerbo_site/test_admin_lockout.py) switch it back on.
AXES_ENABLED = False
# No collectstatic before tests: WhiteNoise would warn (an error under
# filterwarnings = error) about the missing STATIC_ROOT on every request.
WHITENOISE_AUTOREFRESH = True
