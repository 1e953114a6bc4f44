"""Development: DEBUG on, mail printed to the console, optional local.py overrides."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A throwaway key is only acceptable while DEBUG is on; otherwise SECRET_KEY is required.
SECRET_KEY = env("SECRET_KEY") if not DEBUG else env("SECRET_KEY", default="django-insecure-dev")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# runserver serves static files itself; no collectstatic needed in development.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# `make run` loads demo material for trying the forms (load_demo_content).
DEMO_CONTENT_ALLOWED = True

try:
    from .local import *  # noqa: F403
except ImportError:
    pass

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
