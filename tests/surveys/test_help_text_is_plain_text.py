"""Staff type help texts as plain text: markup in them is shown, never obeyed."""

import pytest

from surveys.models import Question
from tests.surveys.factories import q

pytestmark = pytest.mark.django_db

REDIRECT = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'


@pytest.mark.parametrize("key", ["size", "who", "board"])
def test_help_text_markup_is_shown_as_text_on_the_public_page(client, survey, key):
    Question.objects.filter(pk=q(survey, key).pk).update(help_da=REDIRECT + " <b>fed</b>")
    html = client.get(f"/survey/{survey.slug}/").content.decode()
    assert "<meta http-equiv" not in html and "<b>fed</b>" not in html
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in html and "&lt;b&gt;fed" in html
