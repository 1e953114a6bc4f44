"""A sign-up is stored without the characters nobody can see or Excel can hold."""

import pytest
from django.urls import reverse

from participation.models import Registration
from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kari\x00 Nord\ufffemann\uffff",
    "email": "kari@example.no",
    "organisation": "Trondheim\x0b kommune",
    "organisation_type": "municipality",
    "municipality": "Trondheim\x01",
    "needs": "Glutenfri\x00 mat",
    "consent": "on",
}


def test_invisible_characters_are_dropped_and_the_sign_up_is_stored(client):
    event = EventFactory()
    response = client.post(reverse("participation:event_detail", args=[event.slug]), FORM)
    assert response.status_code == 302
    stored = Registration.objects.get()
    assert (stored.name, stored.organisation, stored.municipality, stored.needs) == (
        "Kari Nordmann",
        "Trondheim kommune",
        "Trondheim",
        "Glutenfri mat",
    )


def test_overlong_needs_are_a_message_next_to_the_field(client):
    event = EventFactory()
    url = reverse("participation:event_detail", args=[event.slug])
    response = client.post(url, {**FORM, "needs": "x" * 100_000})
    assert response.status_code == 400
    assert 'id="error_1_id_needs"' in response.content.decode()
    assert not Registration.objects.exists()
