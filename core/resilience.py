"""Keep the site answering when the database is down or restarting.

A request that fails because PostgreSQL cannot be reached gets a short, translated
503 page with Retry-After instead of a traceback. The page is standalone (no menu,
no site settings), so it renders without the database. Nothing needs restarting
afterwards: Django drops the broken connection at the end of the request, and
CONN_HEALTH_CHECKS makes the next request open a fresh one.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def service_unavailable():
    html = render_to_string("503.html", {"LANGUAGE_CODE": translation.get_language()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Proxies and browsers must not keep the outage page once the database is back.
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error(
                "database unavailable",
                extra={"error": type(exception).__name__, "method": request.method},
            )
            return service_unavailable()
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the database failed outside a view (in a middleware)."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        logger.error("database unavailable", extra={"error": type(exception).__name__})
        return service_unavailable()
    return defaults.server_error(request, template_name=template_name)
