from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

register = template.Library()


def home_for_request(request):
    """The home page in the active language (the site root's translation)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the live, in-menu children of the home page in the active language."""
    request = context["request"]
    home = home_for_request(request)
    current = context.get("page")
    children = home.get_children().live().public().in_menu() if home else []
    current_path = getattr(current, "path", "")
    items = [
        {
            "page": child,
            "active": current_path.startswith(child.path),
            "current": child.pk == getattr(current, "pk", None),
        }
        for child in children
    ]
    return {"home": home, "items": items}


@register.inclusion_tag("tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    return {"ancestors": page.get_ancestors().filter(depth__gt=1), "page": page}


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
    home = home_for_request(request)
    active = translation.get_language()
    by_code = {}
    for candidate in (home, page):  # the page's own translation wins over the home page
        if candidate is not None:
            for tr in candidate.get_translations(inclusive=True).live().select_related("locale"):
                by_code[tr.locale.language_code] = tr
    links = []
    for code, _name in settings.LANGUAGES:
        target = by_code.get(code)
        if target is not None:
            url = target.get_url(request)
        else:
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "active": code == active,
            }
        )
    return {"links": links}
