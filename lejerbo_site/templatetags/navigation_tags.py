"""The site's chrome: main menu, breadcrumbs, language switch, organisation details.

Plain Wagtail queries, whose results are kept until the page tree changes
(caching.kept_for_tree): a page rendered again asks the database nothing for them.
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, Site

from core.languages import language_endonym
from lejerbo_site.caching import kept_for_tree
from lejerbo_site.models import SiteSettings

register = template.Library()


def _home(request):
    """The site's home page in the active language, else the site's root page."""
    if not hasattr(request, "_lejerbo_home"):
        site = Site.find_for_request(request)
        request._lejerbo_home = site.root_page.localized if site else None
    return request._lejerbo_home


def _kept(context, name, build):
    """`build()`, kept per page-tree version, address, language and page."""
    request, page = context["request"], context.get("page")
    parts = [name, request.get_host(), translation.get_language(), getattr(page, "pk", None)]
    return kept_for_tree(request, parts, build)


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
    codes = kept_for_tree(
        context["request"],
        ["locales"],
        lambda: dict(Locale.objects.values_list("pk", "language_code")),
    )
    return codes.get(page.locale_id) or page.locale.language_code


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the live, in-menu children of the home page in the active language."""
    request, current = context["request"], context.get("page")
    path, pk = getattr(current, "path", None), getattr(current, "pk", None)

    def build():
        home = _home(request)
        if home is None:
            return {"home_url": "/", "items": []}
        items = [
            {
                "title": item.title,
                "url": item.get_url(request),
                "active": path is not None and path.startswith(item.path),
                "current": item.pk == pk,
            }
            for item in home.get_children().live().public().in_menu()
        ]
        return {"home_url": home.get_url(request), "items": items}

    menu = _kept(context, "menu", build)
    items = [*menu["items"], *_participation_items(request)]
    return {"home_url": menu["home_url"], "items": items, "organisation": organisation(request)}


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
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "title": ""}

    def build():
        ancestors = page.get_ancestors().filter(depth__gt=1)
        return [{"title": a.title, "url": a.get_url(context["request"])} for a in ancestors]

    return {"ancestors": _kept(context, "breadcrumbs", build), "title": page.title}


@register.inclusion_tag("tags/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language, else to that language's home page.

    Views that are not Wagtail pages may put their own `language_links` in the context
    (a list of dicts with code, name, url, active).
    """
    if "language_links" in context:
        return {"links": context["language_links"]}
    request = context["request"]

    def build():
        urls = {}
        # The page's own live translations win over the home page's.
        home, page = _home(request), context.get("page")
        for source in {getattr(p, "pk", None): p for p in (home, page) if p is not None}.values():
            found = source.get_translations(inclusive=True).live().select_related("locale")
            found = found.public() if source.depth <= 3 else found
            urls.update({tr.locale.language_code: tr.get_url(request) for tr in found})
        return urls

    urls = _kept(context, "languages", build)
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
