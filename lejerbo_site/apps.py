from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LejerboSiteConfig(AppConfig):
    name = "lejerbo_site"
    verbose_name = _("Site content")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

        from . import caching

        # What each change retires from the caches (caching.py); connected when the
        # app that defines the model is installed.
        receivers = {
            "wagtailcore.PageViewRestriction": caching.privacy_changed,
            "wagtailcore.Site": caching.everything_changed,
            "wagtailcore.Locale": caching.everything_changed,
            "lejerbo_site.SiteSettings": caching.everything_changed,
            "lejerbo_site.OrganisationProfile": caching.everything_changed,
            "participation.EventSeries": caching.series_or_survey_changed,
            "participation.Event": caching.event_changed,
            "participation.Registration": caching.registration_changed,
            "surveys.Survey": caching.series_or_survey_changed,
        }
        page_published.connect(caching.page_changed, dispatch_uid="caching-published")
        page_unpublished.connect(caching.page_changed, dispatch_uid="caching-unpublished")
        pre_page_move.connect(caching.page_moving, dispatch_uid="caching-moving")
        post_page_move.connect(caching.page_moved, dispatch_uid="caching-moved")
        post_delete.connect(
            caching.page_changed, sender="wagtailcore.Page", dispatch_uid="caching-deleted"
        )
        for label, receiver in receivers.items():
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, dispatch_uid=f"caching-{label}-{id(signal)}")
