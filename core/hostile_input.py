"""Whatever arrives from outside is made storable before anything else sees it.

- `text_clean` removes the characters no stored text should hold: NUL (PostgreSQL
  refuses it), the other control characters XML 1.0 cannot carry, lone surrogates and
  the non-characters U+FFFE and U+FFFF (an .xlsx with one of them is refused by Excel
  and openpyxl). Tab, line feed and carriage return stay.
- `CleanTextMixin` applies it to every value a public form receives, before the
  fields validate: what is stored is what the visitor typed, minus characters they
  could not have meant (and cannot see).
- `RejectNulMiddleware` answers 400 to a request whose query string or path holds a
  NUL byte, once for every view (search, invitation codes, …), instead of letting it
  reach the database.
"""

import argparse
import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.datastructures import MultiValueDict

# Everything outside XML 1.0's Char production:
# #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
XML_ILLEGAL_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text_clean(value: str) -> str:
    """`value` without NUL and the other characters XML (and so Excel) cannot hold."""
    return XML_ILLEGAL_RE.sub("", value)


def _clean(value):
    return text_clean(value) if isinstance(value, str) else value


def form_data_clean(data):
    """A copy of a form's data (QueryDict, MultiValueDict or dict) with every text cleaned."""
    if isinstance(data, MultiValueDict):
        cleaned = MultiValueDict()
        for key, values in data.lists():
            cleaned.setlist(_clean(key), [_clean(v) for v in values])
        return cleaned
    return {
        _clean(key): [_clean(v) for v in value] if isinstance(value, list) else _clean(value)
        for key, value in data.items()
    }


class CleanTextMixin:
    """For every public form: the submitted text is cleaned before the fields see it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = form_data_clean(self.data)


class RejectNulMiddleware:
    """400 Bad Request for a NUL byte in the path or the query string.

    No page of this site takes a NUL anywhere in its address; refusing it here keeps
    every view (and PostgreSQL, which refuses NUL in text) from having to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or b"\x00" in unquote_to_bytes(query):
            return bad_request(request)
        return self.get_response(request)


def bad_request(request):
    """A short translated 400 page, in the language of the address (no database needed)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string("400.html", {"LANGUAGE_CODE": language})
    return HttpResponseBadRequest(html)


def bounded_int(minimum: int, maximum: int):
    """An argparse `type` for a whole number in [minimum, maximum] (management commands).

    `--days -30` is a mistake, not a wish to erase the sign-ups of coming events: the
    command refuses it with a message instead of acting on it.
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(f"must be between {minimum} and {maximum}")
        return value

    return parse
