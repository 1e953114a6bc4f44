"""A content change for the benchmark, as an editor makes it: publish a page.

Run from the project root with our bench environment (see bench.py). Reads one
line per publish on standard input, "article" or "home" (the page to publish),
and answers "published" once the publish has committed and the caches have been
purged (lejerbo_site.caching), as for an editor's publish in the admin.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lejerbo_site.settings.production")
import django  # noqa: E402

django.setup()

from wagtail.models import Site  # noqa: E402

from lejerbo_site.models import NewsPage  # noqa: E402

pages = {
    # A news article: it shows in no menu; its listing and itself are purged.
    "article": NewsPage.objects.live().order_by("path").first(),
    # The home page: in every page's chrome, so every page is purged.
    "home": Site.objects.get(is_default_site=True).root_page.specific,
}
sys.stdout.write("ready\n")
sys.stdout.flush()
for number, line in enumerate(sys.stdin):
    page = pages[line.strip()]
    page.intro = f"{page.intro.split(' [')[0]} [{number}]"
    page.save_revision().publish()
    sys.stdout.write("published\n")
    sys.stdout.flush()
