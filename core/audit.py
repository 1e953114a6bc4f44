"""One audit trail for staff access to personal data: `audit_record(...)`.

Every export (survey responses, participant lists, seminar contacts, invitation
codes), every erasure, every mass e-mail and every staff action on registrations
calls it once, and it writes one AuditRecord. Called from an admin action with the
objects it touched, it also writes Django's own LogEntry for each of them, so the
objects' history pages show the action too.
"""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models

from core.models import AuditRecord

Action = AuditRecord.Action


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
        audit_record(
            user=request.user,
            action=Action.ERASE,
            what=self.audit_what or str(self.model._meta.verbose_name_plural),
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
