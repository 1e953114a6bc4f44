"""What every page's chrome shows from the page tree, per site, as plain data.

The main menu, the home page's sections and its list of content in other
languages, and the language links of the home and top-level pages all come from
the site's home pages (the root page and its translations) and their children.
Built in a few queries and kept until the page tree changes (caching.tree_version).
"""

from wagtail.models import Locale, Page, Site

from lejerbo_site.caching import kept_for_tree


def chrome_for_request(request):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"locales": {}, "root_language": None, "homes": {}, "menus": {}, "translations": {}}
    return kept_for_tree(request, ["chrome", site.pk], lambda: _build(request, site))


def _build(request, site):
    codes = dict(Locale.objects.values_list("pk", "language_code"))
    root = site.root_page
    homes = list(Page.objects.filter(depth=2, translation_key=root.translation_key))
    tops = list(Page.objects.filter(depth=3).order_by("path").specific())
    visible = set(
        Page.objects.live().public().filter(depth__in=(2, 3)).values_list("pk", flat=True)
    )

    def under(home):
        return [p for p in tops if p.path.startswith(home.path)]

    def item(page):
        return {"pk": page.pk, "path": page.path, "title": page.title, "url": page.get_url(request)}

    menus = {h: [p for p in under(h) if p.pk in visible and p.show_in_menus] for h in homes}
    in_menus = sorted(
        (p for pages in menus.values() for p in pages), key=lambda p: (codes[p.locale_id], p.path)
    )
    translations = {}
    for page in [*homes, *in_menus]:
        if page.pk in visible:
            translations.setdefault(page.translation_key, {})[codes[page.locale_id]] = item(page)[
                "url"
            ]
    return {
        "locales": codes,
        "root_language": codes.get(root.locale_id),
        "homes": {
            codes[h.locale_id]: {**item(h), "translation_key": h.translation_key}
            for h in homes
            if h.pk in visible
        },
        "menus": {
            codes[h.locale_id]: [{**item(p), "summary": p.summary} for p in pages]
            for h, pages in menus.items()
        },
        # Content that exists only in another language (the Norwegian project on the
        # Danish home page, say) is listed on the home page too, so no visitor misses it.
        "other_languages": {
            codes[h.locale_id]: [
                {**item(p), "language_code": codes[p.locale_id]}
                for p in in_menus
                if p.locale_id != h.locale_id
                and p.translation_key not in {q.translation_key for q in under(h)}
            ]
            for h in homes
        },
        "translations": translations,
    }
