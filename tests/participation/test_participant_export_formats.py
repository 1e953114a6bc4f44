"""Participant lists in comma CSV, semicolon CSV and Excel, as staff open them.

Real dates in Excel (in the event's own time zone), a short sheet name, headings in
the admin's language, dated file names, one audit row and the formula guard.
"""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRecord
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 10, 16, 0, tzinfo=dt.UTC)  # 17:00 in Oslo


@pytest.fixture
def event(settings):
    # The site's clock in UTC: a time that is right must come from the event's zone.
    settings.TIME_ZONE = "UTC"
    event = EventFactory(
        title="Innspillsmøte om leieboerdemokrati i kommunale boliger, Trondheim",
        slug="innspillsmote-trondheim",
        time_zone="Europe/Oslo",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
    )
    registration = RegistrationFactory(
        event=event, name="Åse Ødegård", organisation="-Ærø bolig", needs="@glutenfri"
    )
    type(registration).objects.filter(pk=registration.pk).update(
        created_at=dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)
    )
    return event


@pytest.fixture
def exporter(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x" * 12, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_event", "view_registration", "export_registration"]
        )
    )
    client.force_login(user)
    return user


def export(client, event, action):
    url = reverse("admin:participation_event_changelist")
    response = client.post(url, {"action": action, "_selected_action": [event.pk]})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_excel_has_real_dates_in_the_events_time_zone(client, exporter, event):
    response, data = export(client, event, "export_xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Deltagere"]  # short, not the event's name cut at 31
    rows = list(book.active.iter_rows(values_only=True))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:3] == ("Arrangement", "Arrangementets start", "Navn")
    assert row["Arrangementets start"] == dt.datetime(2026, 12, 10, 17, 0)
    assert row["Tilmeldt"] == dt.datetime(2026, 11, 2, 9, 30)
    cell = book.active.cell(row=2, column=2)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm"
    assert row["Navn"] == "Åse Ødegård" and row["Organisation"] == "-Ærø bolig"
    assert book.active.cell(row=2, column=5).data_type == "s"  # text, never a formula


@pytest.mark.parametrize(
    ("action", "delimiter"), [("export_comma", ","), ("export_semicolon", ";")]
)
def test_csv_has_bom_local_times_and_neutralised_formulas(
    client, exporter, event, action, delimiter
):
    _, data = export(client, event, action)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Arrangementets start"] == "2026-12-10 17:00"
    assert row["Navn"] == "Åse Ødegård"
    assert row["Organisation"] == "'-Ærø bolig"
    assert row["Behov for tilgængelighed eller kost"].startswith("'@")


def test_each_format_has_its_own_dated_file_name_and_one_audit_row(client, exporter, event):
    today = timezone.localdate().isoformat()
    names = {}
    for action, extension in [
        ("export_comma", "csv"),
        ("export_semicolon", "csv"),
        ("export_xlsx", "xlsx"),
    ]:
        response, _ = export(client, event, action)
        names[action] = response["Content-Disposition"]
        assert extension in names[action]
    assert names["export_comma"] == (
        f'attachment; filename="innspillsmote-trondheim-participants-{today}.csv"; '
        f"filename*=UTF-8''innspillsmote-trondheim-participants-{today}.csv"
    )
    assert (
        f"innspillsmote-trondheim-participants-semicolon-{today}.csv" in names["export_semicolon"]
    )
    assert f"innspillsmote-trondheim-participants-{today}.xlsx" in names["export_xlsx"]
    records = AuditRecord.objects.order_by("pk")
    assert [(r.what, r.file_format, r.row_count) for r in records] == [
        ("participant list", "comma", 1),
        ("participant list", "semicolon", 1),
        ("participant list", "xlsx", 1),
    ]


def test_headings_and_values_follow_the_admin_language(client, exporter, event, settings):
    settings.LANGUAGE_CODE = "en"
    _, data = export(client, event, "export_comma")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["Event", "Event start", "Name"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Status"], row["Attended"]) == ("Confirmed", "no")


def test_no_file_and_no_audit_row_without_the_export_permission(client, django_user_model, event):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_event"]))
    client.force_login(clerk)
    url = reverse("admin:participation_event_changelist")
    response = client.post(url, {"action": "export_xlsx", "_selected_action": [event.pk]})
    assert not getattr(response, "streaming", False)
    assert not AuditRecord.objects.exists()
