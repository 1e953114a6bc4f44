import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation import services
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _event_ended(days_ago):
    end = timezone.now() - dt.timedelta(days=days_ago)
    return EventFactory(starts_at=end - dt.timedelta(hours=2), ends_at=end)


def test_purge_drops_names_and_keeps_counts():
    old = _event_ended(91)
    RegistrationFactory(event=old, name="Anne", status="confirmed", attended=True)
    RegistrationFactory(event=old, name="Bjørn", status="waiting")
    recent = RegistrationFactory(event=_event_ended(10), name="Carl")
    call_command("purge_registrations", stdout=io.StringIO())
    rows = Registration.objects.filter(event=old)
    assert sorted(rows.values_list("status", flat=True)) == ["confirmed", "waiting"]
    assert rows.filter(attended=True).count() == 1
    assert set(rows.values_list("name", flat=True)) == {services.ANONYMISED}
    assert set(rows.values_list("email", flat=True)) == {""}
    assert set(rows.values_list("organisation_type", flat=True)) == {"municipality"}
    recent.refresh_from_db()
    assert recent.name == "Carl"


def test_purge_twice_changes_nothing():
    RegistrationFactory(event=_event_ended(100))
    assert services.registrations_purge() == 1
    first = Registration.objects.get().anonymised_at
    assert services.registrations_purge() == 0
    assert Registration.objects.get().anonymised_at == first


def test_erasing_one_person_frees_their_seat_for_the_waiting_list(sign_up):
    event = EventFactory(capacity=1)
    anne = sign_up(event, email="anne@example.no").registration
    waiting = sign_up(event, email="b@example.no").registration
    services.registration_erase(registration=anne)
    anne.refresh_from_db()
    waiting.refresh_from_db()
    assert anne.name == services.ANONYMISED and anne.email == ""
    assert waiting.status == "confirmed"
