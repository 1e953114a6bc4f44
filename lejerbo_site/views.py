import re

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from core.hostile_input import CleanTextMixin

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


@require_GET
def search(request):
    """Wagtail search over live pages in the visitor's language."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    # Only the words go to the search backend: a quote or another operator of the
    # database's own query syntax (SQLite's FTS5, PostgreSQL's tsquery) would
    # otherwise be an error instead of a search.
    words = " ".join(re.findall(r"\w+", query))
    results = Page.objects.none()
    if words:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(words)
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    return render(
        request,
        "lejerbo_site/search.html",
        {"search_query": query, "search_results": page_of_results},
    )
