"""Staff preview a survey in any status exactly as respondents see it, and nothing is stored."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission, User

from core.models import AuditRecord
from surveys.models import Survey
from tests.surveys.factories import good_answers, q, state_of

pytestmark = pytest.mark.django_db


def preview_url(survey):
    return f"/survey/{survey.slug}/preview/"


@pytest.fixture
def draft(survey):
    survey.status = Survey.Status.DRAFT
    survey.access = Survey.Access.CODES  # a preview asks for no invitation code either
    survey.save()
    return survey


@pytest.fixture
def viewer_client(client):
    user = User.objects.create_user("viewer", password="pw-123456789", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_survey"))
    client.force_login(user)
    return client


def every_row_count():
    """Rows in every table of the surveys app, and in the audit trail."""
    counts = {m._meta.label: m.objects.count() for m in apps.get_app_config("surveys").get_models()}
    counts["core.AuditRecord"] = AuditRecord.objects.count()
    return counts


def test_anonymous_visitors_are_sent_to_the_login_never_to_the_draft(client, draft):
    page = client.get(preview_url(draft))
    assert page.status_code == 302
    assert page["Location"].startswith("/django-admin/login/?next=")
    assert "no-store" in page["Cache-Control"]


def test_staff_without_the_view_permission_get_not_found(client, draft):
    user = User.objects.create_user("nobody", password="pw-123456789", is_staff=True)
    client.force_login(user)
    page = client.get(preview_url(draft))
    assert page.status_code == 404
    assert "Hvem er I?" not in page.content.decode()


def test_staff_preview_a_draft_as_respondents_see_it(viewer_client, draft):
    assert viewer_client.get(f"/survey/{draft.slug}/").status_code == 404  # the public page
    page = viewer_client.get(preview_url(draft))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Forhåndsvisning – svarene gemmes ikke" in html
    assert "Hvem er I?" in html and "Trin 1 af 2" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    # The language links stay in the preview.
    assert f'href="/survey/{draft.slug}/preview/?lang=en"' in html


def test_a_closed_survey_can_be_previewed(viewer_client, survey):
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert viewer_client.get(preview_url(survey)).status_code == 200


def test_preview_checks_answers_like_the_real_form(viewer_client, draft):
    page = viewer_client.get(preview_url(draft))
    first = {**good_answers(draft)[0]}
    del first[f"q{q(draft, 'who').pk}"]  # required
    page = viewer_client.post(preview_url(draft), {"state": state_of(page), **first})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nogle svar kræver din opmærksomhed" in html
    assert "Trin 1 af 2" in html
    assert "Forhåndsvisning – svarene gemmes ikke" in html


@pytest.mark.parametrize(
    ("status", "access"), [("draft", "codes"), ("open", "link"), ("open", "codes")]
)
def test_a_previewed_survey_stores_nothing(
    viewer_client, draft, status, access, django_capture_on_commit_callbacks
):
    draft.status, draft.access = status, access
    draft.save()
    before = every_row_count()
    url = preview_url(draft)
    with django_capture_on_commit_callbacks(execute=True):
        page = viewer_client.get(url)
        for data in good_answers(draft):
            page = viewer_client.post(url, {"state": state_of(page), **data})
            assert page.status_code == 200
    html = page.content.decode()
    assert "Tak for dine svar" in html  # the preview's thank-you page
    assert "Forhåndsvisning – svarene gemmes ikke" in html
    assert "no-store" in page["Cache-Control"]
    assert every_row_count() == before
