import pytest

from participation import services
from tests.participation.factories import EventFactory


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def sign_up():
    """Call the service with a complete, valid sign-up; override any field."""

    def _sign_up(event, email="anne@example.no", **overrides):
        data = {
            "name": "Anne Hansen",
            "organisation": "Bergen kommune",
            "organisation_type": "municipality",
            "municipality": "Bergen",
            "consent": True,
            **overrides,
        }
        return services.registration_create(event=event, email=email, **data)

    return _sign_up
