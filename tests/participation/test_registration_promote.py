"""Staff move people from the waiting list: into free seats, past the capacity only by override."""

import pytest

from participation import services
from participation.models import Registration
from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_promotion_into_a_full_event_is_refused_without_the_override(sign_up):
    event = EventFactory(capacity=1)
    sign_up(event, email="a@example.no")
    waiting = sign_up(event, email="b@example.no").registration
    with pytest.raises(services.RegistrationError) as refused:
        services.registration_promote(registration=waiting)
    assert refused.value.code == services.FULL
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1


def test_promotion_takes_a_free_seat(sign_up):
    event = EventFactory(capacity=1, waiting_list=True)
    first = sign_up(event, email="a@example.no").registration
    waiting = sign_up(event, email="b@example.no").registration
    Registration.objects.filter(pk=first.pk).update(status="cancelled")  # no refill
    assert services.registration_promote(registration=waiting) is True
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_the_override_confirms_even_when_full(sign_up):
    event = EventFactory(capacity=1)
    sign_up(event, email="a@example.no")
    waiting = sign_up(event, email="b@example.no").registration
    assert services.registration_promote(registration=waiting, override=True) is True
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert services.registration_promote(registration=waiting, override=True) is False
