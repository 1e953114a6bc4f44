import pytest
from django.core.cache import cache
from django.db import connection
from wagtail.models import Locale, Page, Site

from lejerbo_site.models import HomePage


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
