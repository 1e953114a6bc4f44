import pytest
from django.core.management import call_command


@pytest.fixture
def site_content(db):
    """The whole site as `make run` loads it."""
    call_command("load_site_content", verbosity=0)
