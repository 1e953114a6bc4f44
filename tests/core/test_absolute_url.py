import pytest
from django.test import RequestFactory
from wagtail.models import Site

from core.urls import absolute_url


@pytest.mark.django_db
def test_link_without_request_uses_the_default_sites_host_and_port(home_page):
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8080)

    assert absolute_url("/events/x/") == "http://127.0.0.1:8080/events/x/"


@pytest.mark.django_db
def test_link_on_port_443_is_https_without_a_port(home_page):
    Site.objects.filter(is_default_site=True).update(hostname="lejerbo.dk", port=443)

    assert absolute_url("/survey/a/") == "https://lejerbo.dk/survey/a/"


@pytest.mark.django_db
def test_link_with_request_uses_the_address_the_visitor_used(home_page):
    request = RequestFactory().get("/", HTTP_HOST="localhost:9000")

    assert absolute_url("/events/", request=request) == "http://localhost:9000/events/"


@pytest.mark.django_db
def test_link_without_any_site_falls_back_to_site_url(settings):
    Site.objects.all().delete()
    settings.SITE_URL = "https://example.org"

    assert absolute_url("/nb/") == "https://example.org/nb/"
