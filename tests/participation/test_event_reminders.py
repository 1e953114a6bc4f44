import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_reminder_sent_once_to_confirmed_only_with_meeting_link(mailoutbox):
    start = timezone.now() + dt.timedelta(hours=5)
    event = EventFactory(
        kind="digital",
        meeting_url="https://meet.example.no/room",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        language="en",
    )
    RegistrationFactory(event=event, email="c@example.no")
    RegistrationFactory(event=event, email="w@example.no", status="waiting")
    RegistrationFactory(event=EventFactory(), email="later@example.no")  # 10 days away
    call_command("send_event_reminders", stdout=io.StringIO())
    call_command("send_event_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["c@example.no"]]
    assert mailoutbox[0].subject.startswith("Reminder")
    assert "https://meet.example.no/room" in mailoutbox[0].body
    assert mailoutbox[0].attachments


def test_reminders_go_to_those_due_at_the_given_time_once_and_are_counted(
    django_capture_on_commit_callbacks,
):
    from participation import services

    now = timezone.now() + dt.timedelta(days=100)
    soon = EventFactory(starts_at=now + dt.timedelta(hours=5), ends_at=now + dt.timedelta(hours=6))
    due = RegistrationFactory.create_batch(2, event=soon)
    later = RegistrationFactory(event=EventFactory(starts_at=now + dt.timedelta(hours=30)))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=now, hours=4) == 0  # not yet within 4 hours
        assert services.reminders_send(now=now, hours=24) == 2
        assert services.reminders_send(now=now, hours=24) == 0

    for registration in due:
        registration.refresh_from_db()
        assert registration.reminder_sent_at == now
    later.refresh_from_db()
    assert later.reminder_sent_at is None
