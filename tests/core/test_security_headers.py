import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from core.abuse import too_many_requests

ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


@pytest.mark.django_db
def test_public_response_has_strict_csp_without_unsafe_inline(client):
    response = client.get("/robots.txt")

    directives = csp_directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_public_response_sends_the_other_security_headers(client):
    response = client.get("/robots.txt")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_base_template_has_no_inline_code_that_the_policy_would_block(rf, home_page):
    # The 429 page extends base.html, like every public page.
    html = too_many_requests(rf.get("/survey/x/"), retry_after=10).content.decode()

    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "base.html loads its script from a file"
    assert all("src=" in attrs for attrs in scripts), scripts
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.django_db
def test_wagtail_admin_keeps_working_with_its_own_csp(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "x" * 16)
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 200
    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert not any(source.startswith("'nonce-") for source in directives["script-src"])
    # Wagtail's preview shows the page in a frame of the admin.
    assert directives["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_wagtail_and_django_admin_login_pages_get_the_admin_policy(client):
    for url in ("/admin/login/", "/django-admin/login/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "'unsafe-inline'" in csp_directives(response)["style-src"]


@pytest.mark.django_db
def test_django_admin_index_loads_for_a_superuser(client):
    user = get_user_model().objects.create_superuser("boss", "b@example.org", "x" * 16)
    client.force_login(user)

    response = client.get("/django-admin/")

    assert response.status_code == 200
    assert "'unsafe-inline'" in csp_directives(response)["script-src"]


def test_check_deploy_with_production_settings_reports_nothing(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "lejerbo_site.settings.production",
        "SECRET_KEY": "k9!Qz" * 12,
        "ALLOWED_HOSTS": "lejerbo.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
