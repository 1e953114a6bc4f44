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


# -- Wagtail's preview panel ------------------------------------------------------------
# The panel shows the draft in an <iframe> of the admin. Wagtail renders the preview by
# sending a made-up request for the page's public address through the whole middleware
# stack, so the public policy (frame-ancestors 'none') used to end up on the preview.


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("redaktor", "r@example.org", "x" * 16)


@pytest.fixture
def content_page(home_page):
    from lejerbo_site.models import StandardPage

    page = home_page.add_child(instance=StandardPage(title="Om os", slug="om-os"))
    page.save_revision().publish()
    return page


def preview_form(title):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": "om-os",
            "intro": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )


def test_preview_panel_may_frame_the_draft_but_only_from_the_admin_itself(
    client, editor, content_page
):
    client.force_login(editor)
    preview_url = f"/admin/pages/{content_page.pk}/edit/preview/"
    # As the panel does: post the edit form, then load the frame with a GET.
    posted = client.post(preview_url, preview_form("Om os (kladde)"))
    assert posted.json() == {"is_valid": True, "is_available": True}

    response = client.get(f"{preview_url}?mode=&in_preview_panel=true")

    assert response.status_code == 200
    assert "Om os (kladde)" in response.content.decode()
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Only the framing rule is relaxed: the page keeps the public policy.
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert directives["object-src"] == ["'none'"]


def test_preview_of_a_new_page_may_be_framed_by_the_admin(client, editor, home_page):
    client.force_login(editor)
    preview_url = f"/admin/pages/add/lejerbo_site/standardpage/{home_page.pk}/preview/"
    posted = client.post(preview_url, preview_form("Ny side"))
    assert posted.json()["is_valid"] is True

    response = client.get(f"{preview_url}?mode=&in_preview_panel=true")

    assert "Ny side" in response.content.decode()
    assert csp_directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_revision_preview_says_the_same_in_both_headers(client, editor, content_page):
    client.force_login(editor)
    revision = content_page.latest_revision

    response = client.get(f"/admin/pages/{content_page.pk}/revisions/{revision.pk}/view/")

    assert response.status_code == 200
    assert csp_directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_published_page_still_refuses_every_frame(client, editor, content_page):
    # Also for a signed-in editor: only the preview is relaxed, not the page itself.
    client.force_login(editor)

    response = client.get("/om-os/")

    assert response.status_code == 200
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
