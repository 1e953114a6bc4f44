"""What arrives from outside is cleaned once, in core.hostile_input."""

import pytest

from core.hostile_input import text_clean
from tests.surveys.factories import SurveyFactory

# Every character XML 1.0 (and so an .xlsx cell) cannot hold, and its legal neighbours.
ILLEGAL = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800\udfff"
LEGAL = "æøå ÆØÅ\t\n\r\x7f\x85\ud7ff\ue000\ufffd\U00010000\U0010ffff🙂"


def test_text_keeps_what_xml_can_hold_and_loses_the_rest():
    assert text_clean(f"a{ILLEGAL}b{LEGAL}") == f"ab{LEGAL}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/search/?q=abc%00def",
        "/search/?%00=1",
        "/en/search/?q=%00",
        "/events/?lang=%00",
    ],
)
def test_nul_in_the_query_string_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "not valid" in response.content.decode() or "gyldig" in response.content.decode()


@pytest.mark.django_db
def test_nul_in_an_invitation_code_link_is_a_bad_request(client):
    survey = SurveyFactory(access="codes")
    assert client.get(f"/survey/{survey.slug}/?code=%00").status_code == 400


@pytest.mark.django_db
def test_bad_request_page_speaks_the_language_of_the_address(client):
    english = client.get("/en/search/?q=%00").content.decode()
    danish = client.get("/search/?q=%00").content.decode()
    assert '<html lang="en">' in english and "The address is not valid" in english
    assert '<html lang="da">' in danish and "The address is not valid" not in danish


@pytest.mark.django_db
def test_search_with_an_overlong_query_still_answers(client):
    assert client.get("/search/", {"q": "ø" * 50_000}).status_code == 200
