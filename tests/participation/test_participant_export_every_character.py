"""Participant lists of people whose details hold every kind of character open in Excel."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.characters import every_character_class
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    text = every_character_class()
    event = EventFactory(title="Seminar " + text)
    RegistrationFactory(event=event, name=text, needs=text, municipality="=" + text)
    return event


def _export(client, admin_user, event, action):
    client.force_login(admin_user)
    url = reverse("admin:participation_event_changelist")
    response = client.post(url, {"action": action, "_selected_action": [event.pk]})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_participant_xlsx_opens_with_every_character(client, admin_user, event):
    data = _export(client, admin_user, event, "export_xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert "Æble, øl og å" in rows[1][2] and "\U0001f642" in rows[1][2]
    assert "\ufffe" not in rows[1][2]


def test_participant_csv_has_no_character_excel_refuses(client, admin_user, event):
    text = _export(client, admin_user, event, "export_semicolon").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][2].startswith("Æble") and rows[1][6].startswith("'=")
    assert "\uffff" not in text and "\x0b" not in text
