import os
import shutil

import pytest
from django.core.cache import cache
from django.db import connection, connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Page, Site

from lejerbo_site.models import HomePage

# Property-based tests (hypothesis): enough examples to find what breaks, few enough
# that the suite stays fast. HYPOTHESIS_PROFILE=thorough tries many more.
_PROFILE = {
    # The Django test client and database are set up once per test, not per example.
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "deadline": None,
    "database": None,
}
hypothesis_settings.register_profile("default", max_examples=50, **_PROFILE)
hypothesis_settings.register_profile("thorough", max_examples=1000, **_PROFILE)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with nothing cached: no page kept from another test's content."""
    cache.clear()


@pytest.fixture
def locales(db):
    """The three content locales; Danish is created by Wagtail's migrations."""
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in ("da", "nb", "en")
    }


@pytest.fixture
def home_page(locales):
    """A published Danish HomePage under the root, served by the default Site."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Forside", slug="forside", locale=locales["da"]))
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def requires_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL to a PostgreSQL database)")


# `make mutate` (scripts/mutate.py) runs the tests once per mutant; migrating a new test
# database each time would take longer than the tests. There each run starts from its
# own copy of one database migrated before the run.
_MUTATION_DB_TEMPLATE = os.environ.get("MUTMUT_TEST_DB_TEMPLATE")
if _MUTATION_DB_TEMPLATE:

    @pytest.fixture(scope="session")
    def django_db_setup():
        copy = f"{_MUTATION_DB_TEMPLATE}.{os.getpid()}"
        shutil.copyfile(_MUTATION_DB_TEMPLATE, copy)
        database = connections["default"]
        database.close()
        database.settings_dict["NAME"] = copy
        yield
        database.close()
        os.remove(copy)
