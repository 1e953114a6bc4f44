import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
    "for k in ['SESSION_ENGINE', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
    "'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', "
    "'LANGUAGE_COOKIE_HTTPONLY', 'TASKS', 'RATE_LIMIT_ENABLED', 'RATE_LIMITS', "
    "'MAIL_RETRY_DELAYS']}))"
)


def production_settings(tmp_path, script=SHOW, **extra):
    """Run `script` under the production settings with this environment; its last line as JSON."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "lejerbo_site.settings.production",
        "SECRET_KEY": "k9!Qz" * 12,
        "ALLOWED_HOSTS": "lejerbo.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    settings = production_settings(tmp_path)

    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["LANGUAGE_COOKIE_SECURE"]
    assert settings["SESSION_COOKIE_HTTPONLY"] and settings["LANGUAGE_COOKIE_HTTPONLY"]
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_sessions_live_in_redis_and_the_database_when_redis_is_configured(tmp_path):
    with_redis = production_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")
    without = production_settings(tmp_path)

    assert with_redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert without["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_production_queues_mail_for_the_worker(tmp_path):
    settings = production_settings(tmp_path)

    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert settings["MAIL_RETRY_DELAYS"] == [60, 300, 1800]


def test_rate_limits_come_from_the_environment(tmp_path):
    defaults = production_settings(tmp_path)
    tuned = production_settings(
        tmp_path,
        RATE_LIMIT_ENABLED="false",
        RATE_LIMIT_SURVEY_SUBMIT="50/m",
        MAIL_RETRY_DELAYS="10,20",
    )

    assert defaults["RATE_LIMIT_ENABLED"] is True
    assert defaults["RATE_LIMITS"] == {
        "survey-submit": "20/m",
        "event-signup": "10/m",
        "seminar-contact": "10/m",
    }
    assert tuned["RATE_LIMIT_ENABLED"] is False
    assert tuned["RATE_LIMITS"]["survey-submit"] == "50/m"
    assert tuned["MAIL_RETRY_DELAYS"] == [10, 20]


MEDIA = (
    "import json; from django.core.files.storage import storages; d = storages['default']; "
    "print(json.dumps({'class': type(d).__name__, 'url': d.url('original_images/bakgard.jpg')}))"
)


def storage(tmp_path, **extra):
    return production_settings(tmp_path, script=MEDIA, **extra)


def test_media_stay_in_the_shared_folder_unless_a_bucket_is_named(tmp_path):
    assert storage(tmp_path)["class"] == "FileSystemStorage"


def test_media_go_to_s3_compatible_storage_behind_signed_urls_when_a_bucket_is_named(tmp_path):
    media = storage(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="lejerbo-media",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="eu-north-1",
    )
    assert media["class"] == "S3Storage"
    assert media["url"].startswith(
        "https://objects.example.net/lejerbo-media/original_images/bakgard.jpg?"
    )
    assert "Signature=" in media["url"] or "X-Amz-Signature=" in media["url"]
