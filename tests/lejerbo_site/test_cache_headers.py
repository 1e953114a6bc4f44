"""What a shared cache may keep: anonymous pages yes, private pages and editors never."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_public_and_varies_on_cookie_not_on_language(client, small_site):
    response = client.get("/om-os/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="csrftoken=x")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "s-maxage=" in response["Cache-Control"]
    assert "Cookie" in response["Vary"] and "Accept-Language" not in response["Vary"]
    assert 'lang="da"' in response.content.decode()


def test_the_unprefixed_home_page_is_danish_whatever_the_browser_asks(client, small_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nb,en;q=0.8")
    assert response.status_code == 200  # no redirect to /nb/
    assert response["Content-Language"] == "da"
    assert "Accept-Language" not in response["Vary"]


@pytest.mark.parametrize("restriction_type", ["login", "password"])
def test_a_private_page_is_never_public(client, small_site, restriction_type):
    PageViewRestriction.objects.create(
        page=small_site["news"], restriction_type=restriction_type, password="hemmelig"
    )
    for url in ("/nyheder/", "/nyheder/nyhed/"):
        response = client.get(url)
        assert "public" not in response.get("Cache-Control", "")
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_private_page_shown_to_a_signed_in_visitor_is_never_public(client, small_site):
    PageViewRestriction.objects.create(page=small_site["news"], restriction_type="login")
    client.force_login(get_user_model().objects.create_user("beboer", password="x" * 12))
    response = client.get("/nyheder/nyhed/")
    assert response.status_code == 200 and "Nyhed" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_page_shown_to_an_editor_is_never_public(client, small_site):
    client.force_login(get_user_model().objects.create_superuser("redaktor", password="x" * 12))
    response = client.get("/om-os/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
