"""The site's addresses plus one that shows the 429 page, so axe can check it in each
language without hammering a form until the rate limit trips."""

from django.urls import path

from lejerbo_site.abuse import too_many_requests
from lejerbo_site.urls import urlpatterns as site_urlpatterns


def too_many(request, language):
    return too_many_requests(request, retry_after=42, language=language)


urlpatterns = [path("test-429/<str:language>/", too_many), *site_urlpatterns]
