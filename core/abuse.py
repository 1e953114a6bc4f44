"""Abuse limits for the public forms: a per-client rate limit and a honeypot field.

The rate limit lives only in the shared cache (Redis in production), never in the
database, and the cache holds no address either: the client is known by a hash of
its address with a salt that changes every day and is then forgotten. So a survey
answer can never be tied to who sent it, not even by whoever reads the cache.

Usage in a function view::

    @limit_posts("survey-submit", "10/m", language=survey_language)
    def survey_detail(request, slug): ...

or inside a view that must first activate the page's own language::

    retry_after = rate_limit_hit(request, group="signup", rate="5/m")
    if retry_after:
        return too_many_requests(request, retry_after=retry_after, language=survey.language)
"""

import functools
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.security import client_ip

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SALT_KEY = "abuse:salt:{day}"
COUNT_KEY = "abuse:rl:{group}:{window}:{client}"


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/m' -> (5, 60); '100/h' -> (100, 3600); '3/10m' -> (3, 600)."""
    count, _slash, period = rate.partition("/")
    multiplier = int(period[:-1] or 1)
    try:
        return int(count), multiplier * PERIODS[period[-1]]
    except (KeyError, IndexError, ValueError):
        raise ValueError(f"rate must look like '5/m', not {rate!r}") from None


def daily_salt() -> bytes:
    """A random salt for today, shared by every app server through the cache.

    It expires two days later, after which yesterday's hashes can no longer be
    linked to an address by anyone.
    """
    key = SALT_KEY.format(day=timezone.now().date().isoformat())
    cache.add(key, secrets.token_hex(32), timeout=2 * 86400)
    return cache.get(key).encode()


def client_key(request) -> str:
    """An opaque name for the client: today's salted hash of its address."""
    return hmac.new(daily_salt(), client_ip(request).encode(), hashlib.sha256).hexdigest()


def rate_limit_hit(request, *, group: str, rate: str) -> int:
    """Count this request against `group`; the seconds to wait if over the limit, else 0.

    Fixed windows: at most `count` requests per client per window of `period`
    seconds. `RATE_LIMIT_ENABLED = False` switches every limit off (benchmarks).
    When the cache is down the request is let through (and logged), since refusing
    every visitor would be worse than a moment without a limit.
    """
    if not getattr(settings, "RATE_LIMIT_ENABLED", True):
        return 0
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now - now % period
    try:
        key = COUNT_KEY.format(group=group, window=window, client=client_key(request))
        cache.add(key, 0, timeout=period + 5)
        count = cache.incr(key)
    except Exception:
        logger.warning("rate limit cache unavailable", extra={"group": group}, exc_info=True)
        return 0
    if count > limit:
        logger.info("rate limit exceeded", extra={"group": group})
        return window + period - now
    return 0


def rate_limit_for(request, *, group: str) -> int:
    """`rate_limit_hit` with the rate configured for `group` in settings.RATE_LIMITS."""
    return rate_limit_hit(request, group=group, rate=settings.RATE_LIMITS[group])


def too_many_requests(request, *, retry_after: int, language: str | None = None):
    """The translated "try again in a moment" page, status 429, with Retry-After.

    In `language` when given (a survey's or event's own language), else in the
    active one.
    """
    language = language or translation.get_language()
    with translation.override(language):
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(max(int(retry_after), 1))
    response["Content-Language"] = language
    return response


def limit_posts(group: str, rate: str, *, language: Callable[..., str | None] | None = None):
    """View decorator: at most `rate` POSTs per client to this `group`, else the 429 page.

    GET requests are never counted, so reading a form is always possible.
    `language(request, *args, **kwargs)` may name the language of the 429 page: the
    survey and event URLs carry no language prefix, so the active language there is
    always the default one. It is only called when the limit is hit.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                retry_after = rate_limit_hit(request, group=group, rate=rate)
                if retry_after:
                    lang = language(request, *args, **kwargs) if language else None
                    return too_many_requests(request, retry_after=retry_after, language=lang)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class WebsiteInput(forms.TextInput):
    """The honeypot: a text box that people never see nor reach, and that bots fill in.

    Named like an ordinary input, since crispy puts the widget's class name in the
    HTML, where a bot could read "honeypot".

    Hidden with Bootstrap's `visually-hidden` on a wrapper that is also
    `aria-hidden`, out of the tab order and never autofilled; its own label still
    asks anyone who meets it to leave it empty.
    """

    template_name = "abuse/honeypot_widget.html"

    def __init__(self, attrs=None):
        super().__init__({"tabindex": "-1", "autocomplete": "off", **(attrs or {})})


class HoneypotMixin:
    """Form mixin: adds the honeypot field; a filled-in honeypot makes the form invalid.

    The bot is not told why: it gets the same general error a person would get, and
    the view can check `form.honeypot_triggered` (for example to log it).
    """

    honeypot_field_name = "website"
    honeypot_error = _("The form could not be sent. Please try again.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field_name] = forms.CharField(
            label="",
            required=False,
            widget=WebsiteInput(),
        )
        self.honeypot_triggered = False

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data is not None:
            cleaned_data.pop(self.honeypot_field_name, None)
        if self.data.get(self.add_prefix(self.honeypot_field_name)):
            self.honeypot_triggered = True
            raise forms.ValidationError(self.honeypot_error, code="invalid")
        return cleaned_data
