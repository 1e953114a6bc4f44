"""Call-to-action buttons lead to web pages, e-mail or phone, never to scripts."""

import pytest
from django.template.loader import render_to_string
from wagtail.blocks import StructBlockValidationError

from lejerbo_site.blocks import CallToActionBlock

BLOCK = CallToActionBlock()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "evil.example",
    ],
)
def test_an_unsafe_address_is_refused(url):
    with pytest.raises(StructBlockValidationError):
        BLOCK.clean(BLOCK.to_python({"label": "Klik", "url": url}))


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org/",
        "mailto:ara@lbf.no",
        "tel:+4512345678",
        "/events/",
    ],
)
def test_a_web_mail_phone_or_site_address_is_accepted(url):
    value = BLOCK.clean(BLOCK.to_python({"label": "Klik", "url": url}))
    assert value["url"] == url


def test_an_unsafe_address_saved_earlier_is_not_rendered_as_a_link():
    value = BLOCK.to_python({"label": "Klik", "url": "javascript:alert(1)"})
    html = render_to_string("blocks/call_to_action_block.html", {"value": value})
    assert "javascript:" not in html
