import pytest
from django.template.loader import render_to_string

from participation.content import DEMO_SLUG, load_demo_event, load_source_events
from participation.models import Event, EventSeries
from participation.selectors import series_list_for_page
from tests.participation.factories import EventFactory, EventSeriesFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_series_for_page_in_bounded_queries(home_page, django_assert_num_queries):
    series = EventSeriesFactory(project_page=home_page)
    for _ in range(5):
        RegistrationFactory(event=EventFactory(series=series, capacity=4))
    with django_assert_num_queries(3):
        result = series_list_for_page(page=home_page)
        seats = [event.seats_left for s in result for event in s.event_list]
    assert seats == [3] * 5


def test_project_include_renders_series_and_nothing_when_empty(home_page):
    series = EventSeriesFactory(project_page=home_page, title="Seminarrekke")
    EventFactory(series=series, title="Første seminar")
    html = render_to_string(
        "participation/includes/project_events.html",
        {"event_series": series_list_for_page(page=home_page)},
    )
    assert "<h2" in html and "Seminarrekke" in html and "Første seminar" in html
    assert (
        render_to_string("participation/includes/project_events.html", {"event_series": []}).strip()
        == ""
    )


def test_source_events_load_idempotently(home_page):
    load_source_events(project_page=home_page)
    load_demo_event(project_page=home_page)
    demo_start = Event.objects.get(slug=DEMO_SLUG).starts_at
    load_source_events(project_page=home_page)
    load_demo_event(project_page=home_page)
    assert EventSeries.objects.count() == 2
    assert Event.objects.count() == 2
    meeting = Event.objects.get(title="Innspillsmøte")
    assert meeting.local_start.isoformat() == "2022-10-13T12:00:00+02:00"
    assert meeting.contact_email == "ara@lbf.no" and meeting.language == "nb"
    assert Event.objects.get(slug=DEMO_SLUG).starts_at == demo_start
    titles = [e.title for s in series_list_for_page(page=home_page) for e in s.event_list]
    assert "Innspillsmøte" in titles
    assert any(t.startswith("Prøvearrangement (demo):") for t in titles)
