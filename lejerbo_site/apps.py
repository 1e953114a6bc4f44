from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LejerboSiteConfig(AppConfig):
    name = "lejerbo_site"
    verbose_name = _("Site content")

    # Models whose changes can alter a cached page (the project page lists surveys,
    # events and seats left); connected when the app that defines them is installed.
    page_cache_dependencies = [
        "wagtailcore.Site",
        "lejerbo_site.OrganisationProfile",
        "lejerbo_site.SiteSettings",
        "participation.EventSeries",
        "participation.Event",
        "participation.Registration",
        "surveys.Survey",
    ]

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from .page_cache import page_cache_invalidate

        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(page_cache_invalidate, dispatch_uid=f"pagecache-{id(signal)}")
        # Deleting a page deletes its specific row too; any page deletion retires the cache.
        post_delete.connect(
            page_cache_invalidate, sender="wagtailcore.Page", dispatch_uid="pagecache-page-delete"
        )
        for label in self.page_cache_dependencies:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache_invalidate,
                    sender=model,
                    dispatch_uid=f"pagecache-{label}-{id(signal)}",
                )
