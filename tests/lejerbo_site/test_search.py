"""Search finds Danish and Norwegian compounds by their first part, with snippets,
events and open surveys, and says when other languages have matches."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def results(client, url, query):
    html = client.get(url, {"q": query}).content.decode()
    return html.split("<main", 1)[1]


def test_leieboer_finds_the_project_page_in_norwegian_with_a_snippet(client, site_content):
    html = results(client, "/nb/search/", "leieboer")
    assert 'href="/nb/leieboermedvirkning/"' in html
    snippet = html.split('href="/nb/leieboermedvirkning/"', 1)[1].split("</li>", 1)[0]
    assert "gjennomfører i 2022 og 2023" in snippet


def test_seminar_finds_the_seminar_series(client, site_content):
    html = results(client, "/nb/search/", "seminar")
    assert "Seminarrekke våren 2023" in html or "seminarrekke" in html.lower()
    assert "/events/innspillsmote-2022/" in html or "/nb/leieboermedvirkning/" in html


def test_search_lists_events_and_open_surveys(client, site_content):
    call_command("load_demo_content", verbosity=0)
    html = results(client, "/nb/search/", "medvirkning")
    assert "/events/innspillsmote-2022/" in html
    assert "/survey/kartlegging-medvirkning-demo/" in html
    assert "/survey/kartlegging-medvirkning/?" not in html  # the closed survey is not offered


def test_danish_search_points_to_norwegian_matches(client, site_content):
    html = results(client, "/search/", "leieboer")
    assert 'href="/nb/search/?q=leieboer"' in html
