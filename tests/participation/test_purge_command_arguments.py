"""The scheduled commands refuse arguments that make no sense instead of acting on them."""

import io

import pytest
from django.core.management import CommandError, call_command

from participation.models import Registration
from participation.services import registrations_purge
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", ["-30", "-1", "abc", "1e3", "99999999999"])
def test_purge_refuses_a_nonsensical_period_and_keeps_coming_sign_ups(days):
    upcoming = RegistrationFactory(event=EventFactory(), name="Anne")
    with pytest.raises(CommandError):
        call_command("purge_registrations", "--days", days, stdout=io.StringIO())
    upcoming.refresh_from_db()
    assert upcoming.name == "Anne" and upcoming.anonymised_at is None


@pytest.mark.parametrize("option", ["--invitation-days", "--contact-days"])
def test_purge_refuses_a_negative_period_for_invitations_and_contacts(option):
    with pytest.raises(CommandError):
        call_command("purge_registrations", option, "-1", stdout=io.StringIO())


def test_the_service_refuses_a_negative_period_too():
    RegistrationFactory(event=EventFactory())
    with pytest.raises(ValueError):
        registrations_purge(days=-30)
    assert not Registration.objects.filter(anonymised_at__isnull=False).exists()


@pytest.mark.parametrize("hours", ["-1", "0", "x"])
def test_reminders_refuse_a_nonsensical_window(hours):
    with pytest.raises(CommandError):
        call_command("send_event_reminders", "--hours", hours, stdout=io.StringIO())
