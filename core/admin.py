"""The audit trail in Django's admin: readable with its view permission, never editable."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.audit import audit_text_display
from core.models import AuditRecord


class WhatFilter(admin.SimpleListFilter):
    """Filter by `what`, named in the reader's language."""

    title = _("what")
    parameter_name = "what"

    def lookups(self, request, model_admin):
        stored = AuditRecord.objects.order_by().values_list("what", flat=True).distinct()
        return sorted(((w, audit_text_display(w)) for w in stored), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(what=self.value()) if self.value() else queryset


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "username",
        "action",
        "what_display",
        "subject",
        "row_count",
        "file_format",
        "note_display",
    ]
    list_filter = ["action", WhatFilter, "file_format"]
    search_fields = ["username", "what", "subject"]
    date_hierarchy = "created_at"
    actions = None
    fields = [
        "created_at",
        "user",
        "username",
        "action",
        "what_display",
        "subject",
        "row_count",
        "file_format",
        "note_display",
    ]
    readonly_fields = ["what_display", "note_display"]

    # Stored as English keys, shown in the reader's language (core.audit).
    @admin.display(description=_("what"), ordering="what")
    def what_display(self, record):
        return audit_text_display(record.what)

    @admin.display(description=_("note"))
    def note_display(self, record):
        return audit_text_display(record.note)

    # Not even a superuser adds, edits or deletes a row here: the trail is only
    # worth something if nobody can tidy it up.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
