from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from lejerbo_site import views
from lejerbo_site.sitemaps import Sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
    # Surveys and events render in their own language, whatever the URL prefix,
    # so their addresses stay stable and are outside i18n_patterns.
    path("survey/", include("surveys.urls")),
    path("events/", include("participation.urls")),
    path("", include("lejerbo_site.ops_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Danish pages live at /, Norwegian at /nb/ and English at /en/.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
