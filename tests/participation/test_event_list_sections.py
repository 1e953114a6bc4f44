import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.participation.factories import EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db


def _sections(client, lang="en"):
    html = client.get(reverse("participation:event_list") + f"?lang={lang}").content.decode()
    upcoming, _sep, past = html.partition('id="past-events"')
    return upcoming, past


def test_upcoming_and_past_events_are_listed_apart(client):
    series = EventSeriesFactory(title="Spring seminars")
    EventFactory(series=series, title="Next seminar")
    start = timezone.now() - dt.timedelta(days=30)
    EventFactory(series=series, title="Old seminar", starts_at=start, ends_at=None)
    EventFactory(title="Old meeting", starts_at=start - dt.timedelta(days=300), ends_at=None)
    upcoming, past = _sections(client)
    assert "Upcoming events" in upcoming and "Next seminar" in upcoming
    assert "Old seminar" not in upcoming and "Old meeting" not in upcoming
    assert "Past events" in past and "Old seminar" in past and "Old meeting" in past
    assert "Next seminar" not in past
    # Most recent first.
    assert past.index("Old seminar") < past.index("Old meeting")


def test_nothing_upcoming_says_so(client):
    start = timezone.now() - dt.timedelta(days=3)
    EventFactory(title="Old meeting", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    upcoming, past = _sections(client)
    assert "There are no upcoming events at the moment." in upcoming
    assert "Old meeting" in past
