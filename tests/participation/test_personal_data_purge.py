"""Erasure and purge leave nothing that names or describes a person.

The fields are found from the model, so a personal field added later is covered
without anyone remembering this test.
"""

import datetime as dt

import pytest
from django.db import models
from django.utils import timezone

from participation import services
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# What a registration keeps for the statistics (and how the consent was given, a
# choice of two, which names nobody); every other text field is personal.
KEPT = {"organisation_type", "status", "mail_state", "consent_given"}


def _personal_fields() -> list[str]:
    return [
        f.attname
        for f in Registration._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and f.attname not in KEPT
    ]


def _full_registration(event) -> Registration:
    return RegistrationFactory(
        event=event,
        name="Anne Hansen",
        email="anne@example.no",
        organisation="Bergen kommune",
        municipality="Bergen",
        role="Leder",
        needs="Rullestol og glutenfri mat",
        mail_error="550 mailbox anne@example.no full",
    )


def _assert_forgotten(registration):
    registration.refresh_from_db()
    left = {
        name: getattr(registration, name)
        for name in _personal_fields()
        if getattr(registration, name) not in ("", services.ANONYMISED)
    }
    assert left == {}
    assert registration.anonymised_at is not None


def test_the_personal_fields_include_needs_and_municipality():
    assert {"needs", "municipality", "role", "organisation", "email", "name"} <= set(
        _personal_fields()
    )


def test_purge_forgets_every_personal_field():
    end = timezone.now() - dt.timedelta(days=200)
    event = EventFactory(starts_at=end - dt.timedelta(hours=2), ends_at=end)
    registration = _full_registration(event)
    services.registrations_purge()
    _assert_forgotten(registration)


def test_erasure_forgets_every_personal_field():
    registration = _full_registration(EventFactory())
    services.registration_erase(registration=registration)
    _assert_forgotten(registration)
