import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from lejerbo_site.models import MissionPage


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("redaktor", "r@example.org", "hemmeligt-ord-1")


@pytest.mark.django_db
def test_editor_logs_in_edits_the_mission_and_the_public_page_shows_it(
    client, site_content, editor
):
    login = client.post(
        "/admin/login/", {"username": "redaktor", "password": "hemmeligt-ord-1"}, follow=True
    )
    assert login.status_code == 200 and login.wsgi_request.user.is_authenticated

    mission = MissionPage.objects.get()
    edit_url = f"/admin/pages/{mission.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        nested_form_data(
            {
                "title": "Mission",
                "slug": "mission",
                "statement": "Lejerbos mission er at skabe rum for fællesskab",
                "intro": "",
                "body": streamfield([("paragraph", rich_text("<p>Ny tekst fra redaktionen.</p>"))]),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    client.logout()
    html = client.get("/mission/").content.decode()
    assert "Lejerbos mission er at skabe rum for fællesskab" in html
    assert "Ny tekst fra redaktionen." in html


@pytest.mark.django_db
def test_wagtail_admin_offers_the_page_types_and_links_to_the_django_admin(
    client, site_content, editor
):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "/django-admin/" in html
