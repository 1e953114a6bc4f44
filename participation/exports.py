"""Participant lists for staff, in pretix's exporter shape: a header, then rows.

The shared writers in core.exports turn these into streamed CSV/XLSX with
formula cells neutralised. Times are the event's local time (its own time zone)
as real date-times: a date cell in Excel, "YYYY-MM-DD HH:MM" in CSV. Headings and
translated values (status, yes/no) are in the active language: the admin's.
"""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from participation.selectors import registration_list_for_export


def participant_header() -> list[str]:
    return [
        _("Event"),
        _("Event start"),
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Organisation type"),
        _("Municipality"),
        _("Role"),
        _("Access or dietary needs"),
        _("Status"),
        _("Attended"),
        _("Signed up"),
    ]


def _local(value, tz):
    # Naive, in the event's time zone: the writers would otherwise show the site's.
    return timezone.localtime(value, tz).replace(tzinfo=None) if value else None


def participant_rows(*, events) -> Iterator[list]:
    for registration in registration_list_for_export(events=events).iterator(chunk_size=2000):
        event = registration.event
        yield [
            event.title,
            _local(event.starts_at, event.tz),
            registration.name,
            registration.email,
            registration.organisation,
            registration.get_organisation_type_display(),
            registration.municipality,
            registration.role,
            registration.needs,
            registration.get_status_display(),
            _("yes") if registration.attended else _("no"),
            _local(registration.created_at, event.tz),
        ]
