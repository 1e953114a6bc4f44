from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class LejerboSiteConfig(AppConfig):
    name = "lejerbo_site"
    verbose_name = _("Site content")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

        from . import caching
        from .roles import roles_sync

        # The staff roles (groups) follow lejerbo_site/roles.py after every migrate.
        post_migrate.connect(roles_sync, sender=self, dispatch_uid="lejerbo-roles-sync")
        page_published.connect(caching.page_changed, dispatch_uid="caching-published")
        page_unpublished.connect(caching.page_changed, dispatch_uid="caching-unpublished")
        pre_page_move.connect(caching.page_moving, dispatch_uid="caching-moving")
        post_page_move.connect(caching.everything_changed, dispatch_uid="caching-moved")
        # What else a change retires from the caches.
        for label, receiver in {
            "wagtailcore.Page": caching.page_changed,  # deleted (post_save: see publish)
            "wagtailcore.PageViewRestriction": caching.page_changed,
            "wagtailcore.Site": caching.everything_changed,
            "wagtailcore.Locale": caching.everything_changed,
            "lejerbo_site.SiteSettings": caching.everything_changed,
            "lejerbo_site.OrganisationProfile": caching.everything_changed,
            "participation.EventSeries": caching.listing_changed,
            "participation.Event": caching.listing_changed,
            "participation.Registration": caching.listing_changed,
            "surveys.Survey": caching.listing_changed,
        }.items():
            signals = (post_delete,) if label == "wagtailcore.Page" else (post_save, post_delete)
            for signal in signals:
                signal.connect(receiver, sender=label, dispatch_uid=f"caching-{label}-{id(signal)}")


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with two-factor sign-in (lejerbo_site/two_factor.py)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "lejerbo_site.two_factor.StaffAdminSite"
