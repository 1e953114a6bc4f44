import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lejerbo_site.settings.production")

django_application = get_wsgi_application()

# Imported after setup: the page cache reads the settings and Wagtail's views.
from lejerbo_site.page_cache import PageCacheApplication  # noqa: E402

# Cached pages for anonymous visitors are answered before Django handles the request.
application = PageCacheApplication(django_application)
