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
