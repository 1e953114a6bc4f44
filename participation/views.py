"""Public event pages. Each event renders in its own language, whatever the URL.

Views check the shape of the input and call services; the rules live there.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from core.abuse import rate_limit_for, too_many_requests
from core.languages import language_endonym
from participation import selectors, services
from participation.emails import cancel_url
from participation.exceptions import RegistrationError
from participation.forms import CancelForm, RegistrationForm
from participation.ical import calendar_bytes
from participation.models import Event, EventSeries
from participation.structured_data import event_json_ld
from participation.tokens import result_token_make, result_token_read

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _render(request, template: str, context: dict, *, language: str, status: int = 200):
    """Render everything (templates, form errors, messages) in `language`."""
    with translation.override(language):
        context = {"page_language": language, **context}
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _request_language(request) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in SUPPORTED else translation.get_language_from_request(request)


def _language_links(request, path: str, active: str) -> list[dict]:
    return [
        {
            "code": code,
            "name": language_endonym(code),
            "url": f"{path}?lang={code}",
            "active": code == active,
        }
        for code, _name in settings.LANGUAGES
    ]


def _event_or_404(slug: str) -> Event:
    try:
        return selectors.event_get_published(slug=slug)
    except Event.DoesNotExist:
        raise Http404 from None


def _split(series, events, upcoming: list, past: list) -> None:
    """Add (series, its upcoming events) and (series, its past events) where not empty."""
    ahead = [event for event in events if not event.is_past]
    behind = [event for event in events if event.is_past]
    if ahead:
        upcoming.append((series, ahead))
    if behind:
        past.append((series, behind))


@require_GET
def event_list(request):
    language = _request_language(request)
    series_list = selectors.series_list_public()
    standalone = list(selectors.event_list_standalone())
    upcoming, past = [], []
    for series in series_list:
        _split(series, series.event_list, upcoming, past)
    _split(None, standalone, upcoming, past)
    with translation.override(language):
        context = {
            # Upcoming: the group with the next event first; past: the most recent first.
            "upcoming_groups": sorted(upcoming, key=lambda group: group[1][0].starts_at),
            "past_groups": sorted(
                ((series, events[::-1]) for series, events in past),
                key=lambda group: group[1][0].starts_at,
                reverse=True,
            ),
            "now": timezone.now(),
            "language_links": _language_links(request, request.path, language),
        }
    return _render(request, "participation/event_list.html", context, language=language)


@require_GET
def series_detail(request, slug):
    series = get_object_or_404(EventSeries, slug=slug)
    events = list(selectors.event_list_published().filter(series=series))
    return _render(
        request,
        "participation/series_detail.html",
        {"series": series, "events": events, "now": timezone.now()},
        language=series.language,
    )


@require_http_methods(["GET", "POST"])
def event_detail(request, slug):
    event = _event_or_404(slug)
    language = event.language
    if request.method == "POST":
        retry_after = rate_limit_for(request, group="event-signup")
        if retry_after:
            return too_many_requests(request, retry_after=retry_after, language=language)
    # Full, with a waiting list: the form is honest about what signing up means now.
    waiting_list = event.seats_left == 0 and event.waiting_list
    with translation.override(language):
        form = RegistrationForm(request.POST or None, waiting_list=waiting_list)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = services.registration_create(
                    event=event,
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    organisation_type=data["organisation_type"],
                    municipality=data["municipality"],
                    role=data["role"],
                    needs=data["needs"],
                    consent=data["consent"],
                )
            except RegistrationError as error:
                if error.code == services.FULL:
                    return _redirect_result(event, services.FULL)
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _redirect_result(event, result.outcome, registration=result.registration)
        context = {
            "event": event,
            "form": form,
            "registration_state": event.registration_state(),
            "is_past": event.is_past,
            "is_full": event.seats_left == 0,
            "json_ld": event_json_ld(event, request=request),
        }
    status = 400 if request.method == "POST" else 200
    return _render(
        request, "participation/event_detail.html", context, language=language, status=status
    )


def _redirect_result(event: Event, outcome: str, *, registration=None):
    # Only a new sign-up's own page carries its cancel link: someone who typed an
    # address that was already registered learns nothing and gets no handle on it.
    if outcome not in (services.CONFIRMED, services.WAITING):
        registration = None
    token = result_token_make(event=event, outcome=outcome, registration=registration)
    return redirect("participation:event_result", slug=event.slug, token=token)


@require_GET
def event_result(request, slug, token):
    event = _event_or_404(slug)
    result = result_token_read(token, event=event)
    if result is None or result.outcome not in (
        services.CONFIRMED,
        services.WAITING,
        services.ALREADY_REGISTERED,
        services.FULL,
    ):
        raise Http404
    registration = None
    if result.registration_id and result.outcome in (services.CONFIRMED, services.WAITING):
        registration = selectors.registration_get_active(public_id=result.registration_id)
    return _render(
        request,
        "participation/event_result.html",
        {
            "event": event,
            "outcome": result.outcome,
            "cancel_url": cancel_url(registration, request=request) if registration else "",
        },
        language=event.language,
    )


@require_http_methods(["GET", "POST"])
def cancel(request, token):
    # The link names its event's language; an old link without it may still point
    # at a known (e.g. anonymised) registration; else the visitor's own language.
    language = request.GET.get("lang", "")
    if language not in SUPPORTED:
        language = selectors.cancel_token_language(token=token) or _request_language(request)
    with translation.override(language):
        try:
            registration = services.registration_get_by_cancel_token(token=token)
        except RegistrationError as error:
            return _render(
                request,
                "participation/cancel_invalid.html",
                {"message": str(error.message)},
                language=language,
                status=404,
            )
    event = registration.event
    language = event.language
    context = {"registration": registration, "event": event, "form": CancelForm()}
    if request.method == "POST":
        with translation.override(language):
            try:
                services.registration_cancel(registration=registration)
            except RegistrationError as error:
                context["error"] = str(error.message)
            else:
                context["done"] = True
        registration.refresh_from_db()
    return _render(request, "participation/cancel.html", context, language=language)


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request, slug):
    event = _event_or_404(slug)
    return _ics_response(
        calendar_bytes([event], name=event.title, request=request), f"{event.slug}.ics"
    )


@require_GET
def series_ics(request, slug):
    series = get_object_or_404(EventSeries, slug=slug)
    events = selectors.event_list_published().filter(series=series)
    return _ics_response(
        calendar_bytes(events, name=series.title, request=request), f"{series.slug}.ics"
    )


@require_GET
def privacy(request):
    language = _request_language(request)
    context = {
        "retention_days": settings.PARTICIPATION_RETENTION_DAYS,
        "invitation_retention_days": settings.PARTICIPATION_INVITATION_RETENTION_DAYS,
        "contact_retention_days": settings.SURVEY_CONTACT_RETENTION_DAYS,
        "language_links": _language_links(request, reverse("participation:privacy"), language),
    }
    return _render(request, "participation/privacy.html", context, language=language)
