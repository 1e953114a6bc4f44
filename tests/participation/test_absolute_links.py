"""E-mails and calendar files link to where the site is served, not to SITE_URL."""

import icalendar
import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Site

from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db

SERVED = "http://127.0.0.1:8123"


@pytest.fixture
def served_on_port_8123(home_page):
    # What `PORT=8123 make run` sets up: the default Site names the served host and port.
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8123)


@override_settings(SITE_URL="http://127.0.0.1:8000", WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000")
def test_confirmation_mail_links_use_the_served_host_and_port(
    served_on_port_8123, sign_up, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(event, email="anne@example.no")
    message = mail.outbox[-1]
    assert f"{SERVED}/events/cancel/" in message.body
    assert f"{SERVED}/events/{event.slug}/" in message.body
    assert f"{SERVED}/events/privacy/" in message.body
    assert ":8000" not in message.body
    attached = icalendar.Calendar.from_ical(message.attachments[0][1])
    (vevent,) = attached.walk("VEVENT")
    assert str(vevent["URL"]) == f"{SERVED}/events/{event.slug}/"


@override_settings(SITE_URL="http://127.0.0.1:8000", WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000")
def test_calendar_download_links_to_the_host_and_port_it_came_from(client):
    event = EventFactory()
    response = client.get(
        reverse("participation:event_ics", kwargs={"slug": event.slug}),
        HTTP_HOST="127.0.0.1:8123",
    )
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["URL"]) == f"{SERVED}/events/{event.slug}/"
