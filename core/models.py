"""The audit trail of staff access to personal data (written through core.audit)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditRecord(models.Model):
    """One row per export, erasure, mass e-mail or other staff action on people's data.

    Rows are only ever added (core.audit.audit_record); the admin shows them read-only.
    The user name is kept beside the link, so a row still says who after the account
    is deleted.
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erasure")
        MAIL = "mail", _("Mass e-mail")
        PROMOTE = "promote", _("Moved from the waiting list")
        CANCEL = "cancel", _("Cancellation")
        CHANGE = "change", _("Other change")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    what = models.CharField(_("what"), max_length=80)
    subject = models.CharField(
        _("concerning"), max_length=255, blank=True, help_text=_("E.g. the survey or the events.")
    )
    row_count = models.PositiveIntegerField(_("rows"))
    file_format = models.CharField(_("format"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        from core.audit import audit_text_display  # core.audit imports this module

        what = audit_text_display(self.what)
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {what}"
        )
