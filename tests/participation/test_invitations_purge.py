"""Series invitations are deleted by the scheduled purge once the series is long over."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation import services
from participation.models import Invitation
from tests.participation.factories import EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db


def _series_ended(days_ago):
    series = EventSeriesFactory()
    end = timezone.now() - dt.timedelta(days=days_ago)
    EventFactory(series=series, starts_at=end - dt.timedelta(hours=2), ends_at=end)
    return series


def _invite(series, email, days_ago=0):
    return Invitation.objects.create(
        series=series,
        email=email,
        name="Anne",
        invited_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_the_daily_purge_deletes_invitations_of_a_series_long_over():
    old = _series_ended(91)
    _invite(old, "old@example.no", days_ago=200)
    running = _series_ended(91)
    EventFactory(series=running)  # a later event is still to come
    _invite(running, "running@example.no", days_ago=200)
    _invite(_series_ended(10), "recent@example.no", days_ago=100)
    call_command("purge_registrations", stdout=io.StringIO())
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "recent@example.no",
        "running@example.no",
    ]


def test_invitations_of_a_series_without_events_go_after_the_period():
    series = EventSeriesFactory()
    _invite(series, "old@example.no", days_ago=91)
    _invite(series, "new@example.no", days_ago=5)
    assert services.invitations_purge() == 1
    assert list(Invitation.objects.values_list("email", flat=True)) == ["new@example.no"]


def test_the_period_comes_from_the_settings(settings):
    settings.PARTICIPATION_INVITATION_RETENTION_DAYS = 5
    _invite(_series_ended(10), "a@example.no")
    assert services.invitations_purge() == 1
