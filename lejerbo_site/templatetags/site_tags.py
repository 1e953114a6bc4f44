"""The page's description and sharing tags, and the site footer."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from core.urls import absolute_url
from lejerbo_site.models import ProjectPage, SiteSettings, StandardPage

register = template.Library()

# The accessibility statement's translation key (load_site_content.seed_key("accessibility")).
ACCESSIBILITY_KEY = "accessibility"
OG_LOCALES = {"da": "da_DK", "nb": "nb_NO", "en": "en_GB"}


@register.simple_tag
def page_description(page=None):
    """A sentence for search engines and link previews: the page's own, else the site's."""
    if hasattr(page, "search_description"):  # a missing `page` comes in as ""
        text = page.search_description or getattr(page, "summary", "") or ""
        if text:
            return Truncator(text).chars(160)
    return gettext(
        "Lejerbo's mission, foundation and visions, news, and meetings and surveys on "
        "tenant participation."
    )


@register.simple_tag(takes_context=True)
def absolute_url_for(context, path):
    return absolute_url(path, request=context.get("request"))


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return absolute_url(static(path), request=context.get("request"))


@register.simple_tag
def og_locale():
    return OG_LOCALES.get(translation.get_language(), "da_DK")


@register.inclusion_tag("tags/site_footer.html", takes_context=True)
def site_footer(context):
    """Kept with the page tree's version in base.html ({% cache %})."""
    # Imported here: load_site_content imports the apps' content loaders.
    from lejerbo_site.management.commands.load_site_content import seed_key

    request = context.get("request")
    language = translation.get_language()
    accessibility = (
        StandardPage.objects.live()
        .filter(translation_key=seed_key(ACCESSIBILITY_KEY), locale__language_code=language)
        .first()
    )
    projects = ProjectPage.objects.live().public().exclude(contact_email="")
    return {
        "projects": projects.select_related("locale"),
        "accessibility": accessibility,
        "request": request,
        "LANGUAGE_CODE": language,
        "site_settings": SiteSettings.for_request(request) if request is not None else None,
        "privacy_url": f"{reverse('participation:privacy')}?lang={language}",
        "events_url": f"{reverse('participation:event_list')}?lang={language}",
    }
