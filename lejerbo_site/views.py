import html
import re
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from core.hostile_input import CleanTextMixin
from core.languages import language_endonym
from participation.selectors import event_list_search
from surveys.selectors import (
    survey_display_language,
    survey_list_closed,
    survey_list_open,
    survey_list_open_search,
)

SEARCH_PAGE_SIZE = 10
# Longer queries are cut: no page is found by a longer phrase, and an unbounded one
# would only make the database work.
SEARCH_MAX_LENGTH = 200


class SearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(required=False)

    def clean_q(self):
        return self.cleaned_data["q"][:SEARCH_MAX_LENGTH].strip()


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _snippet(page, query, width=110):
    """A sentence or two of the page around the first word of the query that it contains."""
    specific = page.specific
    parts = [getattr(specific, "summary", "") or "", getattr(specific, "intro", "") or ""]
    body = getattr(specific, "body", None)
    if body is not None:
        parts.append(strip_tags(str(body)))
    text = " ".join(" ".join(part.split()) for part in parts if part)
    text = html.unescape(text)
    lowered = text.lower()
    found = min((i for i in (lowered.find(w.lower()) for w in query.split()) if i >= 0), default=-1)
    if found < 0:
        return Truncator(text).chars(2 * width)
    start = max(found - width, 0)
    snippet = text[start : found + width]
    return ("…" if start else "") + snippet.strip() + ("…" if found + width < len(text) else "")


def _page_search(pages, query):
    # Prefix matching on the autocomplete fields, so compounds are found by their
    # first part; the full-text search ranks whole words when they are there.
    return pages.autocomplete(query)


@require_GET
def search(request):
    """Pages in the visitor's language, events and open surveys, matched by word prefix;
    a hint when other languages have matches too."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    # Only the words go to the search backend: a quote or another operator of the
    # database's own query syntax (SQLite's FTS5, PostgreSQL's tsquery) would
    # otherwise be an error instead of a search.
    query = " ".join(re.findall(r"\w+", query))
    results = Page.objects.none()
    events, surveys, elsewhere = [], [], []
    language = translation.get_language()
    if query:
        live = Page.objects.live().public()
        results = _page_search(live.filter(locale=Locale.get_active()).specific(), query)
        events = event_list_search(query=query)
        surveys = _survey_items(survey_list_open_search(query=query), language)
        names = {code: language_endonym(code) for code, _ in settings.LANGUAGES}
        for locale in Locale.objects.exclude(pk=Locale.get_active().pk):
            count = len(_page_search(live.filter(locale=locale), query))
            if count and locale.language_code in names:
                with translation.override(locale.language_code):
                    url = reverse("search")
                elsewhere.append(
                    {
                        "code": locale.language_code,
                        "name": names[locale.language_code],
                        "count": count,
                        "url": f"{url}?q={quote(query)}",
                    }
                )
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    for result in page_of_results:
        result.snippet = _snippet(result, query)
    return render(
        request,
        "lejerbo_site/search.html",
        {
            "search_query": query,
            "search_results": page_of_results,
            "event_results": events,
            "survey_results": surveys,
            "other_language_results": elsewhere,
        },
    )


def _survey_items(surveys, language):
    items = []
    for survey in surveys:
        code = survey_display_language(survey=survey, language=language)
        items.append(
            {
                "survey": survey,
                "title": survey.text_in("title", code),
                "language": code,
                "url": reverse("surveys:answer", kwargs={"slug": survey.slug}) + f"?lang={code}",
            }
        )
    return items


def open_survey_items(*, language):
    """The open surveys as the home page and the survey list show them."""
    return _survey_items(survey_list_open().order_by("closes_at", "pk"), language)


@require_GET
def survey_list(request):
    """Current surveys, then the latest closed ones with their period."""
    language = translation.get_language()
    return render(
        request,
        "lejerbo_site/survey_list.html",
        {
            "open_surveys": open_survey_items(language=language),
            "closed_surveys": _survey_items(survey_list_closed(), language),
        },
    )
