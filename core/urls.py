"""Absolute addresses for links that leave the page: e-mails, calendar files, feeds, sitemap.

One place decides the scheme, host and port. With a request, the address the visitor
used (Django's `build_absolute_uri`, which honours ALLOWED_HOSTS and the proxy settings).
Without one (a mail sent by the task worker, a reminder from cron), the default Wagtail
Site's hostname and port, which `manage.py set_site_address` keeps in step with the
address the site is served on (`make run` sets it from PORT). SITE_URL is the last
resort, for a database that has no Site yet.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site


def site_root_url() -> str:
    """The default Wagtail Site's root URL (`http://host[:port]`), no trailing slash."""
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    if site is None:
        return settings.SITE_URL.rstrip("/")
    return site.root_url


def absolute_url(path: str, *, request: HttpRequest | None = None) -> str:
    """`path` (e.g. from `reverse()`) as an absolute URL; an absolute `path` is kept."""
    if request is not None:
        return request.build_absolute_uri(path)
    return urljoin(site_root_url() + "/", path)
