from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LejerboSiteConfig(AppConfig):
    name = "lejerbo_site"
    verbose_name = _("Site content")
