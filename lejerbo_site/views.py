from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from surveys.selectors import survey_display_language, survey_list_closed, survey_list_open

SEARCH_PAGE_SIZE = 10


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
    query = request.GET.get("q", "").strip()
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(query)
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
