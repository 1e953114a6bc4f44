"""The survey form's help texts read as written: the Django admin shows a model's help
text as HTML, so an address written "/survey/<slug>/" lost its "<slug>" as a tag."""

from html.parser import HTMLParser

import pytest
from django.utils import translation

from surveys.models import Survey

pytestmark = pytest.mark.django_db


class VisibleText(HTMLParser):
    """The text a browser shows: tags (known or not) are not text."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_the_add_page_shows_the_survey_addresses_literally(staff_client):
    html = staff_client.get("/django-admin/surveys/survey/add/").content.decode()
    text = visible_text(html)

    # The admin speaks Danish: "(kortnavn)" is the slug.
    assert "Den offentlige adresse: /survey/(kortnavn)/." in text
    assert "/survey/(kortnavn)/results/" in text
    assert "/survey//" not in text


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_no_help_text_of_a_survey_field_contains_markup(language):
    with translation.override(language):
        for field in Survey._meta.get_fields():
            help_text = str(getattr(field, "help_text", ""))
            assert "<" not in help_text and ">" not in help_text, (field.name, help_text)
