import pytest
from django.test import RequestFactory
from wagtail.models import Site

from core.urls import absolute_url

pytestmark = pytest.mark.django_db


def test_with_a_request_the_link_uses_the_host_and_port_it_was_served_on():
    request = RequestFactory().get("/events/", HTTP_HOST="127.0.0.1:8123")
    assert absolute_url("/events/x/", request=request) == "http://127.0.0.1:8123/events/x/"


def test_without_a_request_the_link_uses_the_default_sites_host_and_port(home_page):
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8123)
    assert absolute_url("/events/x/") == "http://127.0.0.1:8123/events/x/"
