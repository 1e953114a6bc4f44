"""The site's chrome: main menu, breadcrumbs, language switch, organisation details.

All of it comes from the site's navigation (lejerbo_site/navigation.py): plain
data built from the page tree once per tree version, kept in each process and in
the shared cache. Only what is particular to a deeper page (its breadcrumbs, its
translations) is looked up for that page, and kept the same way.
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from lejerbo_site.navigation import navigation_for_request
from lejerbo_site.page_cache import content_cached

register = template.Library()


def _home(navigation):
    """(language, home page) in the active language, else the site root's."""
    for code in (translation.get_language(), navigation["root_language"]):
        if code in navigation["homes"]:
            return code, navigation["homes"][code]
    return None, None


def organisation(request):
    """The organisation's name and contact address (SiteSettings), as plain data."""
    return navigation_for_request(request)["settings"]


@register.simple_tag(takes_context=True)
def site_settings(context):
    """`{% site_settings as site_settings %}`: SiteSettings, kept per tree version."""
    return organisation(context.get("request"))


@register.simple_tag(takes_context=True)
def page_language(context, page):
    """The language code of the page's locale, for `<html lang>`; no query per page."""
    code = navigation_for_request(context.get("request"))["locales"].get(page.locale_id)
    return code or page.locale.language_code


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the live, in-menu children of the home page in the active language."""
    request = context["request"]
    navigation = navigation_for_request(request)
    current = context.get("page")
    current_path = getattr(current, "path", None)
    current_pk = getattr(current, "pk", None)
    code, home = _home(navigation)
    if home is None:
        return {"home_url": "/", "items": [], "organisation": navigation["settings"]}
    items = [
        {
            **item,
            "active": current_path is not None and current_path.startswith(item["path"]),
            "current": item["pk"] == current_pk,
        }
        for item in navigation["menus"].get(code, [])
    ]
    items += _participation_items(request)
    return {"home_url": home["url"], "items": items, "organisation": navigation["settings"]}


def _participation_items(request):
    """Meetings and seminars, and current surveys: in every language's menu."""
    language = translation.get_language()
    events = reverse("participation:event_list")
    surveys = reverse("survey_list")
    path = request.path
    return [
        {
            "title": gettext("Meetings and seminars"),
            "url": f"{events}?lang={language}",
            "active": path.startswith(events),
            "current": path == events,
        },
        {
            "title": gettext("Current surveys"),
            "url": surveys,
            "active": path == surveys,
            "current": path == surveys,
        },
    ]


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context["request"]
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "title": ""}
    if page.depth == 3:
        # The only ancestor shown is the page's home page, which the navigation has.
        for home in navigation_for_request(request)["homes"].values():
            if page.path.startswith(home["path"]):
                return {"ancestors": [home], "title": page.title}

    def build():
        ancestors = page.get_ancestors().filter(depth__gt=1)
        return {
            "ancestors": [{"title": a.title, "url": a.get_url(request)} for a in ancestors],
            "title": page.title,
        }

    parts = ["chrome", "breadcrumbs", translation.get_language(), page.pk]
    return content_cached(request, parts, build)


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
    navigation = navigation_for_request(request)
    _code, home = _home(navigation)
    urls = dict(navigation["translations"].get(home["translation_key"], {}) if home else {})
    if page is not None:
        # The page's own translations win over the home page's.
        urls.update(_page_translations(request, navigation, page))
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


def _page_translations(request, navigation, page):
    """{language code: URL} of the page's live translations, itself included."""
    known = navigation["translations"].get(page.translation_key)
    if known is not None and page.depth <= 3:
        return known

    def build():
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        return {tr.locale.language_code: tr.get_url(request) for tr in translations}

    return content_cached(request, ["chrome", "languages", page.pk], build)
