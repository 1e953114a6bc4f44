"""The audit trail: one row per call, readable in the admin, never editable there."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from core.audit import Action, audit_record
from core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(admin_user):
    return audit_record(
        user=admin_user,
        action=Action.EXPORT,
        what="participant list",
        subject="seminar-1",
        row_count=12,
        file_format="xlsx",
    )


def test_a_record_says_who_when_what_how_many_and_which_format(record, admin_user):
    stored = AuditRecord.objects.get()
    assert (stored.user, stored.username, stored.what, stored.row_count, stored.file_format) == (
        admin_user,
        admin_user.username,
        "participant list",
        12,
        "xlsx",
    )
    assert stored.created_at is not None


def test_the_record_keeps_the_name_after_the_account_is_deleted(record, admin_user):
    admin_user.delete()
    stored = AuditRecord.objects.get()
    assert stored.user is None and stored.username == "admin"


def test_an_action_on_objects_also_writes_django_log_entries(admin_user):
    other = User.objects.create_user("kari")
    audit_record(
        user=admin_user,
        action=Action.CHANGE,
        what="accounts",
        row_count=2,
        objects=[admin_user, other],
        change_message="Checked",
    )
    entries = LogEntry.objects.filter(user=admin_user, action_flag=CHANGE)
    assert sorted(entries.values_list("object_repr", flat=True)) == ["admin", "kari"]
    assert AuditRecord.objects.count() == 1


def test_superusers_read_the_trail(admin_client, record):
    page = admin_client.get(reverse("admin:core_auditrecord_changelist"))
    assert page.status_code == 200
    assert "deltagerliste" in page.content.decode()  # the admin speaks Danish


def test_the_trail_names_what_was_done_in_danish_in_the_danish_admin(
    admin_client, admin_user, record
):
    audit_record(
        user=admin_user, action=Action.ERASE, what="seminar contacts", row_count=1, note="deleted"
    )
    listing = admin_client.get(reverse("admin:core_auditrecord_changelist")).content.decode()
    detail = admin_client.get(
        reverse("admin:core_auditrecord_change", args=[record.pk])
    ).content.decode()

    for text in ("deltagerliste", "seminarkontakter", ">slettet<"):
        assert text in listing
    assert "deltagerliste" in detail
    for html in (listing, detail):
        assert "participant list" not in html
        assert "seminar contacts" not in html
    # Stored once, as a key, whoever wrote it.
    assert AuditRecord.objects.filter(what="participant list").exists()


@pytest.mark.parametrize(
    ("language", "what", "note"),
    [
        ("da", "svar på undersøgelser", "slettet"),
        ("nb", "svar på undersøkelser", "slettet"),
        ("en", "survey responses", "deleted"),
    ],
)
def test_each_reader_sees_the_trail_in_their_own_language(language, what, note):
    from django.utils import translation

    from core.audit import audit_text_display

    with translation.override(language):
        assert audit_text_display("survey responses") == what
        assert audit_text_display("deleted") == note
        assert audit_text_display("something new") == "something new"


def test_a_deletion_in_a_danish_admin_stores_the_source_text_and_shows_it_translated(
    admin_user, rf
):
    from django.utils import translation

    from core.audit import AuditedDeleteMixin, audit_text_display
    from surveys.models import SeminarContact

    class PlainAdmin(AuditedDeleteMixin):  # no audit_what: the model's plural name
        model = SeminarContact

    request = rf.post("/")
    request.user = admin_user
    with translation.override("da"):
        PlainAdmin()._audit_delete(request, [SeminarContact(name="Kari")])
        stored = AuditRecord.objects.get()
        assert stored.what == "seminar contacts"
        assert audit_text_display(stored.what) == "seminarkontakter"
    with translation.override("nb"):
        assert audit_text_display(stored.note) == "slettet"


def test_not_even_a_superuser_adds_changes_or_deletes_a_row(admin_client, record):
    assert admin_client.get(reverse("admin:core_auditrecord_add")).status_code == 403
    change = admin_client.post(
        reverse("admin:core_auditrecord_change", args=[record.pk]),
        {"action": "export", "what": "nothing", "row_count": "0"},
    )
    assert change.status_code == 403
    delete = admin_client.post(
        reverse("admin:core_auditrecord_delete", args=[record.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    admin_client.post(
        reverse("admin:core_auditrecord_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.what, stored.row_count) == ("participant list", 12)


def test_the_change_page_shows_no_save_button_to_a_superuser(admin_client, record):
    page = admin_client.get(reverse("admin:core_auditrecord_change", args=[record.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_staff_without_the_view_permission_do_not_see_the_trail(client, record):
    staff = User.objects.create_user("staff", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:core_auditrecord_changelist")).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_auditrecord"))
    assert client.get(reverse("admin:core_auditrecord_changelist")).status_code == 200


def test_every_kind_of_row_the_code_writes_reads_in_danish_and_norwegian():
    """A `what=` written somewhere in the apps but missing from AUDIT_TEXTS would show
    in English to Danish and Norwegian staff (the fallback keeps it as stored)."""
    import re
    from pathlib import Path

    from django.utils import translation

    from core.audit import AUDIT_TEXTS, audit_text_display

    root = Path(__file__).resolve().parents[2]
    written = set()
    for app in ("core", "lejerbo_site", "participation", "surveys"):
        for path in (root / app).rglob("*.py"):
            if "migrations" not in path.parts:
                written |= set(re.findall(r'\bwhat="([^"]+)"', path.read_text()))
    assert "check-in list" in written  # the scan finds what the admin writes
    assert written - set(AUDIT_TEXTS) == set()
    for language in ("da", "nb"):
        with translation.override(language):
            untranslated = {w for w in written if audit_text_display(w) == w}
            assert untranslated == set(), language
