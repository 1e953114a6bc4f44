"""The audit trail in Django's admin: readable with its view permission, never editable."""

from django.contrib import admin

from core.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "username",
        "action",
        "what",
        "subject",
        "row_count",
        "file_format",
        "note",
    ]
    list_filter = ["action", "what", "file_format"]
    search_fields = ["username", "what", "subject"]
    date_hierarchy = "created_at"
    actions = None

    # Not even a superuser adds, edits or deletes a row here: the trail is only
    # worth something if nobody can tidy it up.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
