"""Sign-ups racing for the same seats, each thread on its own database connection.

These tests flush the database afterwards, Wagtail's root page included: pytest-django
runs them after every other test, and each run makes a new test database (no
--reuse-db in pyproject.toml), so no page test ever meets the flushed tree.
"""

import threading

import pytest
from django.db import connection

from participation import services
from participation.exceptions import RegistrationError
from participation.models import Registration
from tests.participation.factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(event, emails):
    barrier = threading.Barrier(len(emails))
    errors = []

    def worker(email):
        try:
            barrier.wait()
            services.registration_create(
                event=event,
                name="Racer",
                email=email,
                organisation="Org",
                organisation_type="other",
                municipality="Oslo",
                consent=True,
            )
        except (RegistrationError, Exception) as exc:  # collected, asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_fifty_simultaneous_sign_ups_fill_ten_seats_exactly(requires_postgres):
    event = EventFactory(capacity=10)
    errors = _race(event, [f"p{i}@example.no" for i in range(50)])
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert len(statuses) == 50
    assert statuses.count("confirmed") == 10
    assert statuses.count("waiting") == 40


def test_two_identical_simultaneous_sign_ups_make_one_row(requires_postgres):
    event = EventFactory(capacity=10)
    errors = _race(event, ["same@example.no", "SAME@example.no"])
    assert errors == []
    assert Registration.objects.filter(event=event).count() == 1
