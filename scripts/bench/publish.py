"""A content change for the benchmark, as an editor makes it: publish a page.

Run from the project root with our bench environment (see bench.py). Reads one
line per publish on standard input, "article" or "home" (the page to publish),
and answers "published" once the publish has committed and everything that
follows it has run (page_cache.page_tree_changed), so the next request the bench
makes is the first one after the change.
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
    # A news article: it shows in no menu, but its publish retires every cached page
    # and everything kept from the page tree, in every language.
    "article": NewsPage.objects.live().order_by("path").first(),
    # The home page itself: what is kept of it must be fetched again too.
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
