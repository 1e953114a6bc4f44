from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page


class Sitemap(WagtailSitemap):
    """Wagtail's sitemap lists only the site root's own tree; ours lists every language."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        tree = Page.objects.none()
        for translated_root in roots:
            tree |= Page.objects.descendant_of(translated_root, inclusive=True)
        return tree.live().public().order_by("path").defer_streamfields().specific()
