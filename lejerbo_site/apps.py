from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class LejerboSiteConfig(AppConfig):
    name = "lejerbo_site"
    verbose_name = _("Site content")

    # Models whose changes can alter a cached page but not the page tree (the project
    # page lists surveys, events and seats left; pages show organisation profiles);
    # connected when the app that defines them is installed.
    page_cache_dependencies = [
        "lejerbo_site.OrganisationProfile",
        "participation.EventSeries",
        "participation.Event",
        "participation.Registration",
        "surveys.Survey",
    ]
    # Models the navigation is built from (navigation.py), besides the pages.
    page_tree_dependencies = [
        "wagtailcore.Locale",
        "wagtailcore.PageViewRestriction",
        "lejerbo_site.SiteSettings",
    ]

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from .roles import roles_sync

        # The staff roles (groups) follow lejerbo_site/roles.py after every migrate.
        post_migrate.connect(roles_sync, sender=self, dispatch_uid="lejerbo-roles-sync")
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from .page_cache import page_cache_invalidate, page_tree_changed, sites_changed

        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(page_tree_changed, dispatch_uid=f"pagecache-{id(signal)}")
        # Deleting a page deletes its specific row too; any page deletion changes the tree.
        post_delete.connect(
            page_tree_changed, sender="wagtailcore.Page", dispatch_uid="pagecache-page-delete"
        )
        for receiver, labels in (
            (page_cache_invalidate, self.page_cache_dependencies),
            (page_tree_changed, self.page_tree_dependencies),
            (sites_changed, ["wagtailcore.Site"]),
        ):
            for label in labels:
                try:
                    model = apps.get_model(label)
                except LookupError:
                    continue
                for signal in (post_save, post_delete):
                    signal.connect(
                        receiver, sender=model, dispatch_uid=f"pagecache-{label}-{id(signal)}"
                    )


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with two-factor sign-in (lejerbo_site/two_factor.py)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "lejerbo_site.two_factor.StaffAdminSite"
