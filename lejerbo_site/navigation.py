"""What every page's chrome needs from the page tree, per site: one snapshot.

The main menu, the home page's sections and its list of content in other
languages, the language links and breadcrumbs of the top-level pages, the
organisation's settings and the locales' codes all come from the site's home
pages and their children. `navigation_build` reads them in a handful of queries
(whatever the number of pages below them) as plain data: titles, URLs, paths.

The snapshot belongs to one version of the page tree (`page_cache.tree_version`),
which only a change to the tree (a page published, unpublished, moved or
deleted; privacy, sites, locales or site settings) replaces. When that happens
the process that made the change builds the new snapshot right after its commit,
before it announces the new version (`page_cache.page_tree_changed`), so a
visitor's first page after a publish reads the snapshot instead of building it.
Anyone who finds no snapshot for the current version builds it, as before.
"""

from contextvars import ContextVar
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction, Site


def navigation_build(site):
    """The snapshot of `site` as plain, picklable data."""
    from .models import SiteSettings

    settings_row = SiteSettings.for_site(site)
    pages = list(
        Page.objects.filter(depth__in=(2, 3))
        .select_related("locale")
        .only(
            "id", "path", "depth", "title", "url_path", "live", "show_in_menus",
            "translation_key", "content_type_id", "live_revision_id", "locale__language_code",
        )
        .order_by("path")
    )  # fmt: skip
    # `Page.objects.public()` asks for the restrictions once per query; once here.
    private_paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    # An alias takes its source's restrictions: Wagtail's own check decides below one.
    alias_paths = tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    root = next((p for p in pages if p.pk == site.root_page_id), None)
    homes = [
        p for p in pages if root and p.depth == 2 and p.translation_key == root.translation_key
    ]
    # Shared by every URL below: Wagtail keeps the site root paths on it.
    url_cache = SimpleNamespace()

    def url(page):
        return page.get_url(request=url_cache, current_site=site)

    def visible(page):
        return page.live and not page.path.startswith(private_paths)

    locales = {home.locale_id: home.locale.language_code for home in homes}
    children = {
        home.locale.language_code: [
            p for p in pages if p.depth == 3 and p.path.startswith(home.path)
        ]
        for home in homes
    }
    menus = {
        code: [p for p in pages_here if visible(p) and p.show_in_menus]
        for code, pages_here in children.items()
    }
    in_menus = sorted(
        (p for items in menus.values() for p in items),
        key=lambda p: (p.locale.language_code, p.path),
    )
    summaries = _summaries(in_menus)
    translated = {code: {p.translation_key for p in here} for code, here in children.items()}
    # Links to each top-level page and home page in the languages it exists in.
    translations = {}
    for page in [*homes, *in_menus]:
        if visible(page):
            translations.setdefault(page.translation_key, {})[page.locale.language_code] = url(page)

    def item(page):
        return {"pk": page.pk, "path": page.path, "title": page.title, "url": url(page)}

    return {
        "settings": {
            "name": settings_row.organisation_name,
            "contact_email": settings_row.contact_email,
        },
        "locales": locales,
        # The language of the site's root page: its home when a language has none.
        "root_language": root.locale.language_code if root else None,
        "homes": {
            home.locale.language_code: {**item(home), "translation_key": home.translation_key}
            for home in homes
            if visible(home)
        },
        "menus": {
            code: [{**item(p), "summary": summaries.get(p.pk, "")} for p in items]
            for code, items in menus.items()
        },
        # Content that exists only in another language (the Norwegian project on the
        # Danish home page, say) is listed on the home page too, so no visitor misses
        # it. It exists here when a translation is among this language's top-level pages.
        "other_languages": {
            code: [
                {**item(p), "language_code": p.locale.language_code}
                for p in in_menus
                if p.locale.language_code != code and p.translation_key not in keys_here
            ]
            for code, keys_here in translated.items()
        },
        "translations": translations,
        # What tells whether a kept home page is still the live one (page_cache).
        "revisions": {home.pk: (home.live_revision_id, home.url_path) for home in homes},
        "private_paths": private_paths,
        "alias_paths": alias_paths,
    }


# The id of the page being served when no view restriction can apply to it.
UNRESTRICTED_PAGE = ContextVar("lejerbo_unrestricted_page", default=None)


def view_restrictions_may_apply(navigation, page):
    """False when no view restriction can apply to `page`: none on it or above it."""
    paths = navigation["private_paths"] + navigation["alias_paths"]
    return page.alias_of_id is not None or page.path.startswith(paths)


def _summaries(pages):
    """{page id: the sentence shown for it in listings}: one query per page type."""
    by_model = {}
    for page in pages:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        fields = getattr(model, "summary_fields", None)
        if fields:
            by_model.setdefault(model, []).append(page.pk)
    summaries = {}
    for model, pks in by_model.items():
        for page in model.objects.filter(pk__in=pks).only(*model.summary_fields):
            summaries[page.pk] = page.summary
    return summaries


def navigation_key(tree_version, site_pk):
    return f"navigation:{tree_version}:{site_pk}"


def navigation_build_all(tree_version):
    """Build and store every site's navigation for a new tree version (page_cache)."""
    from .page_cache import PAGE_SECONDS

    cache.set_many(
        {
            navigation_key(tree_version, site.pk): navigation_build(site)
            for site in Site.objects.all()
        },
        PAGE_SECONDS,
    )


def navigation_for_request(request):
    """The navigation of the request's site, for the current tree version."""
    from .page_cache import content_cached

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return EMPTY
    return content_cached(
        request,
        ["navigation", site.pk],
        lambda: navigation_build(site),
        shared_key=lambda version: navigation_key(version, site.pk),
    )


EMPTY = {
    "settings": {"name": "", "contact_email": ""},
    "locales": {},
    "root_language": None,
    "homes": {},
    "menus": {},
    "other_languages": {},
    "translations": {},
    "revisions": {},
    # Unknown: Wagtail checks every page itself.
    "private_paths": ("",),
    "alias_paths": (),
}
