"""The site's chrome: main menu, breadcrumbs and language switch.

Each is built from the page tree as plain data (titles and URLs) and kept in the
cache under the page-cache version, which every content change bumps (see
lejerbo_site/page_cache.py). A page rendered without the page cache (a signed-in
editor, a first visitor) thus costs one cache read for its chrome instead of a
dozen queries, and never shows a stale menu.
"""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from lejerbo_site.page_cache import content_cached

register = template.Library()


def home_for_request(request):
    """The home page in the active language (the site root's translation), once per request."""
    language = translation.get_language()
    found = getattr(request, "_home_for_language", None)
    if found is None or found[0] != language:
        site = Site.find_for_request(request)
        found = request._home_for_language = (language, site and site.root_page.localized)
    return found[1]


def organisation(request):
    """The organisation's name and contact address (SiteSettings), as plain data."""
    if request is None:
        return {"name": "", "contact_email": ""}

    def build():
        from lejerbo_site.models import SiteSettings

        found = SiteSettings.for_request(request)
        return {"name": found.organisation_name, "contact_email": found.contact_email}

    return content_cached(request, ["site-settings"], build)


@register.simple_tag(takes_context=True)
def site_settings(context):
    """`{% site_settings as site_settings %}`: SiteSettings, kept per content version."""
    return organisation(context.get("request"))


@register.simple_tag(takes_context=True)
def page_language(context, page):
    """The language code of the page's locale, for `<html lang>`; no query per page."""
    request = context.get("request")
    if request is None:
        return page.locale.language_code
    return content_cached(request, ["locale", page.locale_id], lambda: page.locale.language_code)


def _chrome(request, kind, page, build):
    """`build()`'s result for this language and page, cached per content version."""
    parts = ["chrome", kind, translation.get_language(), getattr(page, "pk", "-")]
    return content_cached(request, parts, build)


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the live, in-menu children of the home page in the active language."""
    request = context["request"]
    current = context.get("page")

    def build():
        home = home_for_request(request)
        if home is None:
            return {"home_url": "/", "items": []}
        current_path = getattr(current, "path", "")
        return {
            "home_url": home.get_url(request),
            "items": [
                {
                    "title": child.title,
                    "url": child.get_url(request),
                    "active": current_path.startswith(child.path),
                    "current": child.pk == getattr(current, "pk", None),
                }
                for child in home.get_children().live().public().in_menu()
            ],
        }

    return {**_chrome(request, "menu", current, build), "organisation": organisation(request)}


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context["request"]
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "title": ""}

    def build():
        ancestors = page.get_ancestors().filter(depth__gt=1)
        return {
            "ancestors": [{"title": a.title, "url": a.get_url(request)} for a in ancestors],
            "title": page.title,
        }

    return _chrome(request, "breadcrumbs", page, build)


@register.inclusion_tag("tags/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language, else to that language's home page.

    Views that are not Wagtail pages may put their own `language_links` in the context
    (a list of dicts with code, name, url, active).
    """
    if "language_links" in context:
        return {"links": context["language_links"]}
    request = context["request"]
    page = context.get("page")

    def build():
        home = home_for_request(request)
        by_code = {}
        for candidate in (home, page):  # the page's own translation wins over the home page
            if candidate is not None:
                translations = candidate.get_translations(inclusive=True).live()
                for tr in translations.select_related("locale"):
                    by_code[tr.locale.language_code] = tr.get_url(request)
        return by_code

    urls = _chrome(request, "languages", page, build)
    active = translation.get_language()
    links = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": urls.get(code) or ("/" if code == settings.LANGUAGE_CODE else f"/{code}/"),
            "active": code == active,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"links": links}
