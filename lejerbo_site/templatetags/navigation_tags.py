"""The site's chrome: main menu, breadcrumbs, language switch, as plain Wagtail queries.

base.html keeps what they render in template fragments ({% cache %}) until the page
tree changes (lejerbo_site.caching), so a page rendered again asks nothing for them.
"""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from core.languages import language_endonym
from lejerbo_site.models import SiteSettings

register = template.Library()


def _home(request):
    """The site's home page in the active language, else the site's root page."""
    site = Site.find_for_request(request)
    return site.root_page.localized if site else None


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """The live, in-menu children of the home page (then meetings and surveys)."""
    request, path = context["request"], getattr(context.get("page"), "path", "-")
    home = _home(request)
    children = home.get_children().live().public().in_menu() if home else []
    return {
        "request": request,
        "home_url": home.get_url(request) if home else "/",
        "items": [(child, path.startswith(child.path), path == child.path) for child in children],
        "site_settings": SiteSettings.for_request(request),
    }


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {}
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return {"ancestors": ancestors, "page": page, "request": context["request"]}


@register.inclusion_tag("tags/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language, else to that language's home page (views
    may give their own `language_links` instead: base.html)."""
    request, urls = context["request"], {}
    # The page's own live translations win over the home page's.
    for source in (_home(request), context.get("page")):
        if source is not None:
            found = source.get_translations(inclusive=True).live().select_related("locale")
            found = found.public() if source.depth <= 3 else found
            urls.update({tr.locale.language_code: tr.get_url(request) for tr in found})
    active = translation.get_language()
    links = [
        {
            "code": code,
            "name": language_endonym(code),
            "url": urls.get(code) or ("/" if code == settings.LANGUAGE_CODE else f"/{code}/"),
            "active": code == active,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"links": links}
