import pytest
from wagtail.models import Page

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


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    # WhiteNoise warns (an error under filterwarnings=error) when STATIC_ROOT does not
    # exist, as in a fresh checkout before collectstatic; the test settings do not
    # cover that yet, so point it at an empty directory here.
    settings.STATIC_ROOT = str(tmp_path)


@pytest.fixture
def locales(locales):
    """The shared fixture, plus Wagtail's tree root: a transactional test (the
    concurrency tests) flushes the rows migrations created, and with --reuse-db the
    next run starts without them."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locales["da"]))
    return locales
