"""The site's chrome: main menu, breadcrumbs, language switch, organisation details.

All of it is plain data kept until the page tree changes (lejerbo_site/chrome.py,
caching.kept_for_tree), so a page rendered again asks the database nothing for it.
"""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from lejerbo_site.caching import kept_for_tree
from lejerbo_site.chrome import chrome_for_request
from lejerbo_site.models import SiteSettings

register = template.Library()


def _home(chrome):
    """(language, home page) in the active language, else the site root's."""
    for code in (translation.get_language(), chrome["root_language"]):
        if code in chrome["homes"]:
            return code, chrome["homes"][code]
    return None, None


def organisation(request):
    """The organisation's name and contact address (SiteSettings), as plain data."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"name": "", "contact_email": ""}

    def build():
        row = SiteSettings.for_site(site)
        return {"name": row.organisation_name, "contact_email": row.contact_email}

    return kept_for_tree(request, ["settings", site.pk], build)


@register.simple_tag(takes_context=True)
def site_settings(context):
    """`{% site_settings as site_settings %}`: SiteSettings, kept per tree version."""
    return organisation(context.get("request"))


@register.simple_tag(takes_context=True)
def page_language(context, page):
    """The language code of the page's locale, for `<html lang>`; no query per page."""
    code = chrome_for_request(context.get("request"))["locales"].get(page.locale_id)
    return code or page.locale.language_code


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the live, in-menu children of the home page in the active language."""
    request = context["request"]
    chrome = chrome_for_request(request)
    current = context.get("page")
    current_path = getattr(current, "path", None)
    current_pk = getattr(current, "pk", None)
    code, home = _home(chrome)
    if home is None:
        return {"home_url": "/", "items": [], "organisation": organisation(request)}
    items = [
        {
            **item,
            "active": current_path is not None and current_path.startswith(item["path"]),
            "current": item["pk"] == current_pk,
        }
        for item in chrome["menus"].get(code, [])
    ]
    return {"home_url": home["url"], "items": items, "organisation": organisation(request)}


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context["request"]
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "title": ""}

    def build():
        ancestors = page.get_ancestors().filter(depth__gt=1)
        return [{"title": a.title, "url": a.get_url(request)} for a in ancestors]

    parts = ["breadcrumbs", request.get_host(), translation.get_language(), page.pk]
    return {"ancestors": kept_for_tree(request, parts, build), "title": page.title}


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
    chrome = chrome_for_request(request)
    _code, home = _home(chrome)
    urls = dict(chrome["translations"].get(home["translation_key"], {}) if home else {})
    if page is not None:
        # The page's own translations win over the home page's.
        urls.update(_page_translations(request, chrome, page))
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


def _page_translations(request, chrome, page):
    """{language code: URL} of the page's live translations, itself included."""
    known = chrome["translations"].get(page.translation_key)
    if known is not None and page.depth <= 3:
        return known

    def build():
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return {tr.locale.language_code: tr.get_url(request) for tr in translations}

    return kept_for_tree(request, ["languages", request.get_host(), page.pk], build)
