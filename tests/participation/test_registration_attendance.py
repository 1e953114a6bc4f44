"""Staff mark who came; a cancelled sign-up never counts as attended."""

import pytest

from participation import services
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_marking_attendance_skips_cancelled_sign_ups_and_can_be_undone():
    event = EventFactory()
    came = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, status="cancelled")
    untouched = RegistrationFactory(event=event)

    assert services.registration_mark_attended(registrations=[came, cancelled]) == 1
    attended = dict(Registration.objects.values_list("pk", "attended"))
    assert attended == {came.pk: True, cancelled.pk: False, untouched.pk: False}

    assert services.registration_mark_attended(registrations=[came], attended=False) == 1
    came.refresh_from_db()
    assert came.attended is False
