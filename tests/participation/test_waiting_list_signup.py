import pytest
from django.urls import reverse

from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _page(client, event):
    return client.get(reverse("participation:event_detail", kwargs={"slug": event.slug}))


def test_full_event_offers_the_waiting_list_not_sign_up(client):
    event = EventFactory(capacity=1, waiting_list=True)
    RegistrationFactory(event=event)
    html = _page(client, event).content.decode()
    assert 'value="Sett deg på ventelisten"' in html
    assert 'value="Meld på"' not in html


def test_event_with_seats_says_sign_up(client):
    html = _page(client, EventFactory(capacity=2)).content.decode()
    assert 'value="Meld på"' in html


def test_full_event_without_waiting_list_offers_no_form(client):
    event = EventFactory(capacity=1, waiting_list=False)
    RegistrationFactory(event=event)
    html = _page(client, event).content.decode()
    assert "det er ingen venteliste" in html
    assert 'name="email"' not in html
