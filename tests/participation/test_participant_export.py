import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.participation.factories import EventFactory, EventSeriesFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _export(staff_client, model, pk, action):
    url = reverse(f"admin:participation_{model}_changelist")
    return staff_client.post(url, {"action": action, "_selected_action": [pk]})


def test_csv_export_per_event_has_bom_rows_and_neutralised_formulas(staff_client):
    event = EventFactory(title="Seminar A")
    RegistrationFactory(event=event, name='=HYPERLINK("http://evil")', organisation="+47 Org")
    RegistrationFactory(name="Other event person")
    response = _export(staff_client, "event", event.pk, "export_semicolon")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == "Seminar A"
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][4] == "'+47 Org"
    assert "Other event person" not in body


def test_xlsx_export_per_series_keeps_formula_as_text(staff_client):
    series = EventSeriesFactory()
    RegistrationFactory(event=EventFactory(series=series), name="=1+1")
    RegistrationFactory(event=EventFactory(series=series), name="Bob")
    response = _export(staff_client, "eventseries", series.pk, "export_xlsx")
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    names = {row[2] for row in rows[1:]}
    assert names == {"=1+1", "Bob"}
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type == "s"


def test_staff_who_may_see_events_but_not_export_get_no_participant_list(client, django_user_model):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(clerk)
    event = EventFactory(title="Seminar A")
    RegistrationFactory(event=event, name="Åse Ødegård")
    changelist = client.get(reverse("admin:participation_event_changelist"))
    assert changelist.status_code == 200
    assert "export_xlsx" not in changelist.content.decode()
    response = _export(client, "event", event.pk, "export_xlsx")
    assert not getattr(response, "streaming", False)
    assert "Åse Ødegård".encode() not in response.content


def test_staff_with_the_export_permission_get_the_participant_list(client, django_user_model):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk", password="x" * 12, is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_event", "view_registration", "export_registration"]
        )
    )
    client.force_login(clerk)
    event = EventFactory(title="Seminar A")
    RegistrationFactory(event=event, name="Åse Ødegård")
    response = _export(client, "event", event.pk, "export_comma")
    assert "Åse Ødegård" in b"".join(response.streaming_content).decode("utf-8")
