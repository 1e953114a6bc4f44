"""Reads for pages, views and the admin. Counts are annotated, never counted per row."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from participation.models import Event, EventSeries, Registration, event_q_not_over
from participation.tokens import cancel_token_read

_CONFIRMED = Q(registrations__status=Registration.Status.CONFIRMED)
_WAITING = Q(registrations__status=Registration.Status.WAITING)
_CANCELLED = Q(registrations__status=Registration.Status.CANCELLED)


def event_list_with_counts() -> QuerySet[Event]:
    """Events annotated with confirmed/waiting/cancelled counts (for `Event.seats_left`)."""
    return Event.objects.select_related("series").annotate(
        confirmed_count=Count("registrations", filter=_CONFIRMED),
        waiting_count=Count("registrations", filter=_WAITING),
        cancelled_count=Count("registrations", filter=_CANCELLED),
    )


def event_list_published() -> QuerySet[Event]:
    return event_list_with_counts().filter(is_published=True).order_by("starts_at", "pk")


def event_get_published(*, slug: str) -> Event:
    return event_list_published().get(slug=slug)


def series_list_public(*, now=None) -> list[EventSeries]:
    """Every series that has published events, each with `.event_list` in date order."""
    return list(
        EventSeries.objects.filter(events__is_published=True)
        .distinct()
        .prefetch_related(Prefetch("events", queryset=event_list_published(), to_attr="event_list"))
    )


def event_list_standalone() -> QuerySet[Event]:
    """Published events that belong to no series."""
    return event_list_published().filter(series__isnull=True)


def series_list_for_page(*, page):
    """The series linked to a project page, each with its published events in
    `series.event_list`, annotated so `event.seats_left` costs no query.

    Events linked to the page without a series come last as an unsaved series
    titled "Other events", so the page shows them too. Three queries in all.
    """
    series_list = list(
        EventSeries.objects.filter(project_page=page).prefetch_related(
            Prefetch("events", queryset=event_list_published(), to_attr="event_list")
        )
    )
    standalone = list(event_list_standalone().filter(project_page=page))
    if standalone:
        other = EventSeries(title=gettext("Other events"))
        other.event_list = standalone
        series_list.append(other)
    return series_list


def event_count_active(*, event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def registration_list_for_export(*, events) -> QuerySet[Registration]:
    """Registrations of the given events in a stable order, for the participant export."""
    return (
        Registration.objects.filter(event__in=events)
        .select_related("event")
        .order_by("event__starts_at", "event_id", "created_at", "pk")
    )


def registration_list_due_reminder(*, now=None, hours: int) -> QuerySet[Registration]:
    now = now or timezone.now()
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        anonymised_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + dt.timedelta(hours=hours),
    )


def registration_get_active(*, public_id: str) -> Registration | None:
    """A registration that is neither cancelled nor anonymised, by its public id."""
    return (
        Registration.objects.select_related("event")
        .filter(public_id=public_id, anonymised_at__isnull=True)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def cancel_token_language(*, token: str) -> str | None:
    """The language of the event a well-signed cancel token belongs to, if it still exists."""
    public_id = cancel_token_read(token)
    if not public_id:
        return None
    return (
        Registration.objects.filter(public_id=public_id)
        .values_list("event__language", flat=True)
        .first()
    )


def event_list_upcoming(*, limit: int | None = None, now=None) -> list[Event]:
    """Published events not yet over (see Event.over_at), soonest first."""
    events = event_list_published().filter(event_q_not_over(now or timezone.now()))
    return list(events[:limit] if limit else events)


def event_list_search(*, query: str, limit: int = 10) -> list[Event]:
    """Published events whose title, text or place contains every word of `query` (any
    part of a word, so compounds match on SQLite and PostgreSQL alike), latest first."""
    events = Event.objects.filter(is_published=True).select_related("series")
    for word in query.split():
        events = events.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(place__icontains=word)
            | Q(series__title__icontains=word)
        )
    return list(events.order_by("-starts_at", "pk")[:limit])
