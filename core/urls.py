"""Absolute URLs for links that leave the site: e-mails, calendar files, feeds.

One place builds them. With a request, the address the visitor used (scheme, host
and port, as the proxy passed them on); without one (a task sending e-mail, a
management command), the default Wagtail Site's root URL, whose hostname and port
are what the site is served on.
"""

from django.conf import settings


def absolute_url(path: str, *, request=None) -> str:
    """`path` (starting with "/") as an absolute URL."""
    if request is not None:
        return request.build_absolute_uri(path)
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    # No Site yet (a fresh database before the content is loaded): the configured address.
    root = site.root_url if site is not None else settings.SITE_URL
    return root.rstrip("/") + path
