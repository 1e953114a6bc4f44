import logging

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from lejerbo_site.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise OperationalError("connection to server at 127.0.0.1 failed")


def broken_connection_view(request):
    raise InterfaceError("connection already closed")


def value_error_view(request):
    raise ValueError("a bug, not an outage")


def ok_view(request):
    return HttpResponse("ok")


urlpatterns = [
    path("test-db-down/", failing_view),
    path("test-db-closed/", broken_connection_view),
    path("test-bug/", value_error_view),
    *site_urlpatterns,
]

pytestmark = pytest.mark.urls(__name__)


# No django_db mark: pytest-django refuses every query here, so these tests also
# show that the 503 page needs no database.
@pytest.mark.parametrize("url", ["/test-db-down/", "/test-db-closed/"])
def test_a_database_outage_gives_a_friendly_503_with_retry_after(client, url):
    response = client.get(url)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Siden er midlertidigt utilgængelig" in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_the_503_page_is_translated(client):
    from django.utils import translation

    from core.resilience import service_unavailable

    with translation.override("nb"):
        html = service_unavailable().content.decode()

    assert '<html lang="nb">' in html
    assert "Nettstedet er midlertidig utilgjengelig" in html


def test_the_outage_is_logged(client, caplog):
    with caplog.at_level(logging.ERROR, logger="core.resilience"):
        client.get("/test-db-down/")

    records = [r for r in caplog.records if r.name == "core.resilience"]
    assert [r.getMessage() for r in records] == ["database unavailable"]
    assert records[0].error == "OperationalError"


def test_other_errors_are_still_server_errors():
    client = Client(raise_request_exception=False)

    response = client.get("/test-bug/")

    assert response.status_code == 500


def test_the_500_handler_turns_a_database_outage_outside_a_view_into_the_503_page(rf):
    from core.resilience import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
