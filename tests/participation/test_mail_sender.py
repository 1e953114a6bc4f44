"""E-mails come from the organiser: a Leieboerforeningen event is not sent as Lejerbo."""

import pytest
from django.core import mail
from django.test import override_settings

from participation import services
from tests.participation.factories import EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db

DEFAULT = "Lejerbo <noreply@lejerbo.dk>"


@pytest.fixture(autouse=True)
def _default_sender(settings):
    settings.DEFAULT_FROM_EMAIL = DEFAULT


def _confirmation(sign_up, capture, event):
    with capture(execute=True):
        sign_up(event, email="anne@example.no")
    return mail.outbox[-1]


def test_series_sender_and_reply_to_hold_for_its_events(
    sign_up, django_capture_on_commit_callbacks
):
    series = EventSeriesFactory(
        sender_name="Leieboerforeningen",
        sender_email="post@leieboerforeningen.no",
        reply_to_email="ara@lbf.no",
    )
    message = _confirmation(
        sign_up, django_capture_on_commit_callbacks, EventFactory(series=series)
    )
    assert message.from_email == "Leieboerforeningen <post@leieboerforeningen.no>"
    assert "lejerbo" not in message.from_email.lower()
    assert message.reply_to == ["ara@lbf.no"]


def test_event_sender_wins_over_the_series(sign_up, django_capture_on_commit_callbacks):
    series = EventSeriesFactory(sender_name="Lejerbo Nord")
    event = EventFactory(series=series, sender_name="Leieboerforeningen")
    message = _confirmation(sign_up, django_capture_on_commit_callbacks, event)
    # A name alone keeps the site's address (the one its mail server may send for).
    assert message.from_email == "Leieboerforeningen <noreply@lejerbo.dk>"
    assert message.reply_to == ["ara@lbf.no"]  # the contact e-mail


def test_event_without_sender_uses_the_site_default(sign_up, django_capture_on_commit_callbacks):
    message = _confirmation(sign_up, django_capture_on_commit_callbacks, EventFactory())
    assert message.from_email == DEFAULT


@override_settings(DEFAULT_FROM_EMAIL=DEFAULT)
def test_series_invitation_comes_from_the_series_sender(django_capture_on_commit_callbacks):
    series = EventSeriesFactory(sender_name="Leieboerforeningen", reply_to_email="ara@lbf.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(series=series, contacts=[{"email": "k@kommune.no"}])
    message = mail.outbox[-1]
    assert message.from_email == "Leieboerforeningen <noreply@lejerbo.dk>"
    assert message.reply_to == ["ara@lbf.no"]


@pytest.mark.parametrize("model", ["event", "eventseries"])
def test_staff_set_the_sender_in_the_admin_with_help(admin_client, model):
    html = admin_client.get(f"/django-admin/participation/{model}/add/").content.decode()
    for field in ("sender_name", "sender_email", "reply_to_email"):
        assert f'name="{field}"' in html
    assert "SPF/DKIM" in html


def test_the_loaded_leieboerforeningen_events_are_sent_in_its_name():
    from django.core.management import call_command

    from participation.content import INPUT_MEETING_SLUG, SERIES_SLUG
    from participation.models import Event, EventSeries, mail_reply_to, mail_sender

    call_command("load_site_content", verbosity=0)
    meeting = Event.objects.get(slug=INPUT_MEETING_SLUG)
    series = EventSeries.objects.get(slug=SERIES_SLUG)
    for sources in ((meeting, meeting.series), (series,)):
        assert mail_sender(*sources) == "Leieboerforeningen <noreply@lejerbo.dk>"
        assert mail_reply_to(*sources) == "ara@lbf.no"
