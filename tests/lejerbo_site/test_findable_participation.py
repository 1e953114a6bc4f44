"""A visitor finds the survey and the meetings from any home page and the main menu."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

HOMES = {"da": "/", "nb": "/nb/", "en": "/en/"}
MENU = {
    "da": ("Møder og seminarer", "Aktuelle undersøgelser"),
    "nb": ("Møter og seminarer", "Aktuelle undersøkelser"),
    "en": ("Meetings and seminars", "Current surveys"),
}


@pytest.fixture
def demo_content(site_content):
    call_command("load_demo_content", verbosity=0)


@pytest.mark.parametrize("code", ["da", "nb", "en"])
def test_main_menu_offers_meetings_and_current_surveys_in_every_language(
    client, site_content, code
):
    html = client.get(HOMES[code]).content.decode()
    menu = html.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]
    events, surveys = MENU[code]
    assert events in menu and f'href="/events/?lang={code}"' in menu
    assert surveys in menu and "/surveys/" in menu


@pytest.mark.parametrize("code", ["da", "nb", "en"])
def test_home_page_has_an_intro_and_says_nothing_is_open_when_nothing_is(
    client, site_content, code
):
    html = client.get(HOMES[code]).content.decode()
    assert 'class="lead' in html
    assert "provearrangement" not in html and "kartlegging-medvirkning" not in html
    assert {"da": "Ingen undersøgelse", "nb": "Ingen undersøkelse", "en": "No survey"}[code] in html


@pytest.mark.parametrize("code", ["da", "nb", "en"])
def test_home_page_calls_to_the_open_survey_and_the_next_event(client, demo_content, code):
    html = client.get(HOMES[code]).content.decode()
    assert "/survey/kartlegging-medvirkning-demo/" in html
    assert "/events/provearrangement-demo/" in html


def test_danish_home_and_news_point_to_the_norwegian_article_marked_as_norwegian(
    client, site_content
):
    article = "/nb/nyheter/kunnskap-om-leieboermedvirkning/"
    for url in ("/", "/nyheder/"):
        html = client.get(url).content.decode()
        assert article in html
        before = html.split(article, 1)[0]
        assert 'lang="nb"' in before.rsplit("<li", 1)[1]


def test_events_are_listed_as_upcoming_and_past(client, demo_content):
    html = client.get("/events/?lang=en").content.decode()
    upcoming, past = html.split('id="past-events"', 1)
    assert "provearrangement-demo" in upcoming and "innspillsmote-2022" not in upcoming
    assert "innspillsmote-2022" in past


def test_survey_list_shows_the_closed_2022_survey_with_its_period(client, site_content):
    html = client.get("/en/surveys/").content.decode()
    assert "No survey is open at the moment." in html
    assert "Kartlegging av kompetansebehov" in html or "Survey of competence needs" in html
    assert "September 2022" in html and "November 2022" in html
