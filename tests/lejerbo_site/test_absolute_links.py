"""Feeds and the sitemap link to where the site is served, and date articles by content."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

pytestmark = pytest.mark.django_db

ARTICLE = "/nb/nyheter/kunnskap-om-leieboermedvirkning/"


@pytest.fixture
def served_on_8080(site_content):
    call_command("load_site_content", "--hostname", "127.0.0.1", "--port", "8080", verbosity=0)


def test_load_sets_the_sites_address_from_the_port(served_on_8080):
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8080"


def test_sitemap_links_to_the_served_host_and_port(client, served_on_8080):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://127.0.0.1:8080{ARTICLE}</loc>" in xml
    assert "http://localhost/" not in xml


def test_feed_links_to_the_served_host_and_carries_no_load_time_date(client, served_on_8080):
    xml = client.get("/nb/nyheter/feed/").content.decode()
    assert f"http://127.0.0.1:8080{ARTICLE}" in xml
    entry = xml.split("<entry>", 1)[1]
    assert "<published>" not in entry and "<updated>" not in entry
