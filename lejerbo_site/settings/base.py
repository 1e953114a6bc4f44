"""Settings shared by every environment.

Everything that differs between machines comes from the environment (or a `.env`
file, which `manage.py` reads); see `.env.example` for the variables.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# production.py requires it; dev.py falls back to a throwaway key only while DEBUG is on.
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lejerbo_site",
    "participation",
    "surveys",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    # Background tasks (the backport of Django 6's django.tasks): Wagtail's own and
    # every e-mail; django_tasks_db holds the queue in production.
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    # Django's admin with two-factor sign-in (TWO_FACTOR_REQUIRED below).
    "lejerbo_site.apps.StaffAdminConfig",
    # The survey builder (surveys/admin.py): nested, sortable inlines.
    "nested_admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "core.request_log.RequestLogMiddleware",
    # A NUL byte in the address is a 400 here, before any view or the database sees it.
    "core.hostile_input.RejectNulMiddleware",
    # The app's own page cache (Django's cache middleware): stores, with every header
    # the middleware below adds, only what says `public` with a max-age (anonymous
    # Wagtail pages, lejerbo_site.caching); FetchFromCacheMiddleware answers it after
    # LocaleMiddleware (the key's language), sparing a hit the rest of the stack.
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.security.SiteCSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that may touch the database, so a database outage
    # becomes a friendly 503 instead of a traceback.
    "core.resilience.DatabaseUnavailableMiddleware",
    # Outside LocaleMiddleware: it drops the Vary on Accept-Language that one adds.
    "lejerbo_site.caching.public_pages_vary_not_on_language",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "lejerbo_site.two_factor.WagtailAdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: a lockout becomes the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lejerbo_site.urls"
WSGI_APPLICATION = "lejerbo_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lejerbo_site.caching.fragments_version",
            ],
        },
    },
]

# Database: SQLite is the embedded default; DATABASE_URL selects PostgreSQL
# (postgres://user@host:port/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse so a restarted server is survived.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": every
    # transaction takes the write lock when it begins (IMMEDIATE), so none has to
    # upgrade a read lock halfway through (which SQLite refuses at once, without
    # waiting); writers wait up to `timeout` seconds for it; WAL lets readers go on
    # reading while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), local memory otherwise.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="lejerbo"),
        }
    }
    # Sessions are read from Redis and written through to the database, so a
    # Redis restart logs nobody out; every app server sees the same sessions.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-axes first: it refuses a login while the account is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Danish is the default; Norwegian bokmål and English are full interface
# languages and content locales.
LANGUAGE_CODE = "da"
LANGUAGES = [
    ("da", _("Danish")),
    ("nb", _("Norwegian Bokmål")),
    ("en", _("English")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names so browsers may cache them for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded media: a folder every server mounts (MEDIA_ROOT) by default; S3-compatible
# object storage through django-storages when a bucket is named.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Credentials may also come from the machine's role; only pass them when set.
            **{
                option: env(variable)
                for option, variable in (
                    ("access_key", "AWS_ACCESS_KEY_ID"),
                    ("secret_key", "AWS_SECRET_ACCESS_KEY"),
                    ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
                    ("region_name", "AWS_S3_REGION_NAME"),
                    ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
                )
                if env(variable, default="")
            },
            # Private objects behind short-lived signed URLs; never overwrite a file.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Pages for anonymous visitors (lejerbo_site/caching.py, docs/performance.md): kept
# this long by the proxy (`s-maxage`; a change purges them at once) and this long by
# browsers and the app's own cache (`max-age`).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=60)
# Django's cache middleware keeps only responses that give a max-age (0: nothing else).
CACHE_MIDDLEWARE_SECONDS = 0
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
# Purged right after each change (wagtail.contrib.frontend_cache backends): the app's
# own cache, and the HTTP cache in front when VARNISH_URL names it (PURGE, from an
# address its VCL allows; deploy/varnish/).
WAGTAILFRONTENDCACHE = {"app": {"BACKEND": "lejerbo_site.caching.AppCacheBackend"}}
VARNISH_URL = env("VARNISH_URL", default="")
if VARNISH_URL:
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": VARNISH_URL,
    }
# Each page's own addresses are purged: no rewriting of /nb/ into /en/.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Background tasks: run on the spot unless a settings module queues them
# (production.py: the database queue, worked off by `manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A failed e-mail is tried again after each of these delays (seconds), then given
# up and marked "failed" for staff to re-send (core.mail_tasks).
MAIL_RETRY_DELAYS = [
    int(seconds) for seconds in env.list("MAIL_RETRY_DELAYS", default=["60", "300", "1800"])
]

# E-mail: EMAIL_URL (smtp://user:password@host:587/?tls=True) when set.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Lejerbo <noreply@lejerbo.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

WAGTAIL_SITE_NAME = "Lejerbo"
# `manage.py load_demo_content` (an open copy of the survey, an upcoming event, both
# marked as demo) runs only where this is on: dev.py and test.py, never production.
DEMO_CONTENT_ALLOWED = False
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Links in the Wagtail admin's own e-mails. Public absolute links (e-mails, calendar
# files) come from core.urls.absolute_url: the request, else the default Wagtail Site;
# this is only the fallback while no Site exists.
SITE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# SVG and HTML can carry scripts: neither is an allowed upload type above. Documents
# always pass through Wagtail's serve view (also on S3, where "redirect" would let the
# bucket pick the content type), which sends `Content-Security-Policy: default-src
# 'none'` and nosniff; only PDF opens inline, everything else downloads.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True

# --- Security headers -------------------------------------------------------------
# SecurityMiddleware already sends X-Content-Type-Options: nosniff,
# Referrer-Policy: same-origin and Cross-Origin-Opener-Policy: same-origin by
# default; they are spelled out so a change is a visible decision.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Public pages: no inline code at all. Anything inline that cannot be avoided
# carries the per-request nonce (`request.csp_nonce`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail and Django admins use inline scripts and styles, and frame their own
# pages: a looser policy, for these paths only (core.security.SiteCSPMiddleware).
# No nonce here: browsers ignore 'unsafe-inline' when a nonce is present.
# Wagtail's previews render the public page (through a made-up request for its public
# address), so they get the public policy above with frame-ancestors 'self' instead,
# and X-Frame-Options SAMEORIGIN: the preview panel frames them, nobody else may.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Features no page of this site uses are switched off for every page.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

# Which request header holds the visitor's address. Behind the reverse proxy this
# is the header the proxy sets (HTTP_X_REAL_IP, see docs/deployment.md); the
# address is only used for login lockouts and, hashed, for rate limits.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="REMOTE_ADDR")

# --- Abuse limits on the public forms (core.abuse) ----------------------------
# Posts per client, counted only in the cache under a daily-salted hash of the
# address, never in the database. "20/m" = 20 a minute; also "/s", "/h", "/d", "/10m".
# Survey: only the final submit (the step that stores a response) counts, so going
# back and forth through the steps never does. RATE_LIMIT_ENABLED=false switches
# them all off (throughput benchmarks).
RATE_LIMIT_ENABLED = env.bool("RATE_LIMIT_ENABLED", default=True)
RATE_LIMITS = {
    "survey-submit": env("RATE_LIMIT_SURVEY_SUBMIT", default="20/m"),
    "event-signup": env("RATE_LIMIT_EVENT_SIGNUP", default="10/m"),
    "seminar-contact": env("RATE_LIMIT_SEMINAR_CONTACT", default="10/m"),
}

# --- Two-factor sign-in for staff (lejerbo_site/two_factor.py, django-otp) -----------
# Both admins ask for a code from an authenticator app after the password. Always on
# in production settings; off by default here so development and tests sign in with
# a password alone (TWO_FACTOR_REQUIRED=true switches it on anywhere).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
WAGTAILADMIN_USER_LOGIN_FORM = "lejerbo_site.two_factor.WagtailTwoFactorLoginForm"
# The name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = "Lejerbo"

# --- Admin login lockout (django-axes) ---------------------------------------------
# Failed logins are counted in the database, which every app server shares.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# Lock the pair (account, address): a stranger cannot lock a colleague out of the
# admin by guessing at their user name from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
# Keep only failed attempts, not a log of every successful staff login.
AXES_DISABLE_ACCESS_LOG = True

# --- Logging -----------------------------------------------------------------------
# One JSON object per line. Request lines carry no client address, user agent or
# query string (core.request_log), so survey answers cannot be tied to anyone.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.request_log.JsonFormatter"}},
    "filters": {"private_paths": {"()": "core.request_log.PrivatePathFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            # No line about a survey request (docs/privacy.md).
            "filters": ["private_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Background tasks (search index, reference index) log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The development server's own access log prints addresses and query strings.
        "django.server": {"level": "WARNING"},
    },
}

# Errors go to Sentry only when SENTRY_DSN is set; never with personal data, local
# variables or request bodies, and nothing a survey respondent sent (sentry_options).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    from core.request_log import sentry_options

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        **sentry_options(),
    )

# Participation (events): reminders go this many hours before an event starts
# (`manage.py send_event_reminders`, run by the scheduled job), and sign-ups are
# anonymised this many days after their event ended (`manage.py purge_registrations`).
PARTICIPATION_REMINDER_HOURS = env.int("PARTICIPATION_REMINDER_HOURS", default=24)
PARTICIPATION_RETENTION_DAYS = env.int("PARTICIPATION_RETENTION_DAYS", default=90)
# Invitations to a series (who was invited, so nobody is invited twice) are deleted
# this many days after the series' last event ended, by the same job.
PARTICIPATION_INVITATION_RETENTION_DAYS = env.int(
    "PARTICIPATION_INVITATION_RETENTION_DAYS", default=90
)
# Seminar contacts left on a survey's thank-you page are deleted this many days after
# the survey closed (they carry no date of their own: see surveys.models.SeminarContact).
SURVEY_CONTACT_RETENTION_DAYS = env.int("SURVEY_CONTACT_RETENTION_DAYS", default=180)

# Surveys: any figure computed from fewer responses than this is suppressed in the
# results (admin and public), so that small groups cannot be singled out; code uses
# and seminar contacts reach staff in shuffled batches of at least this many
# (`manage.py flush_survey_pool`, docs/privacy.md).
SURVEY_MIN_GROUP_SIZE = env.int("SURVEY_MIN_GROUP_SIZE", default=5)
