"""What load_site_content publishes is true: past events are past, the 2022 survey is
closed, nothing the source does not say is shown as fact, and no demo material."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from lejerbo_site.models import NewsPage
from participation.content import DEMO_SLUG, INPUT_MEETING_SLUG
from participation.models import Event
from surveys.content import DEMO_SLUG as DEMO_SURVEY_SLUG
from surveys.content import SLUG
from surveys.models import Survey

pytestmark = pytest.mark.django_db


def test_production_load_creates_no_demo_event_and_no_open_survey(site_content):
    assert not Event.objects.filter(slug=DEMO_SLUG).exists()
    assert not Event.objects.filter(title__icontains="demo").exists()
    assert not Survey.objects.filter(status=Survey.Status.OPEN).exists()


def test_the_2022_survey_is_closed_with_its_autumn_2022_period(site_content):
    survey = Survey.objects.get(slug=SLUG)
    assert survey.has_closed() and not survey.is_accepting_answers()
    assert (survey.opens_at.year, survey.closes_at.year) == (2022, 2022)


def test_the_input_meeting_is_past_and_has_no_invented_end_time(client, site_content):
    meeting = Event.objects.get(slug=INPUT_MEETING_SLUG)
    assert meeting.is_past
    assert meeting.ends_at is None
    assert "13.30" not in meeting.description
    html = client.get(f"/events/{INPUT_MEETING_SLUG}/").content.decode()
    assert "12:00" in html and "13:30" not in html


def test_the_article_shows_no_publication_date(client, site_content):
    assert NewsPage.objects.get().date is None
    html = client.get("/nb/nyheter/kunnskap-om-leieboermedvirkning/").content.decode()
    assert "<time" not in html.split("<main", 1)[1].split("</h1>", 1)[1].split("<h2", 1)[0]


def test_demo_content_is_marked_and_made_only_where_allowed(site_content):
    with override_settings(DEMO_CONTENT_ALLOWED=False), pytest.raises(CommandError):
        call_command("load_demo_content", verbosity=0)
    assert not Survey.objects.filter(slug=DEMO_SURVEY_SLUG).exists()

    call_command("load_demo_content", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    demo_survey = Survey.objects.get(slug=DEMO_SURVEY_SLUG)
    assert demo_survey.is_accepting_answers() and "Demo" in demo_survey.title
    demo_event = Event.objects.get(slug=DEMO_SLUG)
    assert not demo_event.is_past and "demo" in demo_event.title
    assert Event.objects.filter(slug=DEMO_SLUG).count() == 1


def test_the_article_shows_the_courtyard_picture_with_the_sources_description(client, site_content):
    html = client.get("/nb/nyheter/kunnskap-om-leieboermedvirkning/").content.decode()
    assert 'alt="Bilde av bakgård som er rustet opp og hvor beboerne har fått tilskudd' in html
