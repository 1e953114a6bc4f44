"""One audit trail for staff access to personal data: `audit_record(...)`.

Every export (survey responses, participant lists, seminar contacts, invitation
codes), every erasure, every mass e-mail and every staff action on registrations
calls it once, and it writes one AuditRecord. Called from an admin action with the
objects it touched, it also writes Django's own LogEntry for each of them, so the
objects' history pages show the action too.

`what` and `note` are stored as short English keys ("survey responses"), the same
whoever wrote the row; the admin shows them in the reader's language
(`audit_text_display`), so no migration is needed when a translation changes.
"""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import AuditRecord

Action = AuditRecord.Action

# The keys the apps store in `what` and `note`, with what staff read. A key missing
# here is shown through gettext (a model's verbose name is in the catalogues), else as
# it is stored.
AUDIT_TEXTS = {
    # what
    "survey responses": _("survey responses"),
    "survey copy": _("survey copy"),
    "survey invitations": _("survey invitations"),
    "survey reminders": _("survey reminders"),
    "invitation codes": _("invitation codes"),
    "invitation code contacts": _("contact details of invitation codes"),
    "seminar contacts": _("seminar contacts"),
    "participant list": _("participant list"),
    "series invitations": _("series invitations"),
    "waiting list": _("waiting list"),
    "attendance: attended": _("attendance: attended"),
    "attendance: not attended": _("attendance: not attended"),
    "confirmation e-mails": _("confirmation e-mails"),
    "registrations": _("registrations"),
    "registration added by staff": _("registration added by staff"),
    "check-in list": _("check-in list"),
    "survey codebook": _("survey codebook"),
    # note
    "deleted": _("deleted"),
    "more seats": _("more seats"),
    "past the capacity (override)": _("past the capacity (override)"),
}


def audit_text_display(text: str) -> str:
    """A stored `what` or `note` in the active language."""
    if not text:
        return text
    label = AUDIT_TEXTS.get(text)
    return str(label) if label is not None else gettext(text)


def audit_record(
    *,
    user,
    action: str,
    what: str,
    row_count: int,
    file_format: str = "",
    subject: str = "",
    note: str = "",
    objects: Iterable[models.Model] | None = None,
    change_message: str = "",
) -> AuditRecord:
    """Write one audit row (who, when, what, how many rows, which format).

    `objects`: the rows an admin action changed; each gets a LogEntry with
    `change_message` (or the action's label).
    """
    record = AuditRecord.objects.create(
        user=user if user is not None and user.pk else None,
        username=getattr(user, "username", "") or "",
        action=action,
        what=str(what)[:80],
        subject=str(subject)[:255],
        row_count=row_count,
        file_format=file_format,
        note=str(note)[:255],
    )
    if objects is not None and user is not None and user.pk:
        objects = list(objects)
        if objects:
            LogEntry.objects.log_actions(
                user_id=user.pk,
                queryset=objects,
                action_flag=CHANGE,
                change_message=change_message or str(what),
                single_object=len(objects) == 1,
            )
    return record


class AuditedDeleteMixin:
    """For a ModelAdmin of personal data: deleting rows (one, or "delete selected")
    is an erasure and writes one audit row, besides Django's own log entries."""

    audit_what = ""

    def _audit_delete(self, request, objects):
        if self.audit_what:
            what = self.audit_what
        else:
            # The source text, not the staff member's language: shown translated.
            with translation.override(None):
                what = str(self.model._meta.verbose_name_plural)
        audit_record(
            user=request.user,
            action=Action.ERASE,
            what=what,
            row_count=len(objects),
            note="deleted",
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._audit_delete(request, [obj])

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        super().delete_queryset(request, queryset)
        self._audit_delete(request, objects)
