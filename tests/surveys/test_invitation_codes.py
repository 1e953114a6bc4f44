"""Invitation codes: single use, marked used without any link to the response."""

import io
import uuid

import pytest

from surveys import services
from surveys.models import InvitationCode, Response, Survey
from surveys.selectors import seminar_invitation_contacts
from tests.surveys.factories import answer_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded_survey(survey):
    survey.access = Survey.Access.CODES
    survey.save()
    return survey


def test_survey_with_codes_asks_for_a_code_first(client, coded_survey):
    page = client.get(f"/survey/{coded_survey.slug}/?lang=en")
    assert page.status_code == 200
    assert "Your invitation code" in page.content.decode()
    assert 'name="state"' not in page.content.decode()


def test_wrong_code_gets_a_clear_message(client, coded_survey):
    page = client.get(f"/survey/{coded_survey.slug}/?lang=en&code=NOPE")
    assert page.status_code == 403
    assert "This code is not valid for this survey" in page.content.decode()


def test_code_answers_once_and_is_marked_used_with_its_batch(client, coded_survey):
    code = services.invitation_codes_generate(survey=coded_survey, count=1)[0]
    done = answer_survey(client, coded_survey, lang=f"en&code={code.code}")
    assert done.status_code == 302
    code.refresh_from_db()
    assert not code.used  # waits in the pool for SURVEY_MIN_GROUP_SIZE others

    again = client.get(f"/survey/{coded_survey.slug}/?lang=en&code={code.code}")
    assert again.status_code == 403
    assert "already been used" in again.content.decode()
    assert Response.objects.count() == 1

    services.pool_flush(survey=coded_survey, remainder=True)
    code.refresh_from_db()
    assert code.used
    again = client.get(f"/survey/{coded_survey.slug}/?lang=en&code={code.code}")
    assert again.status_code == 403


def test_used_code_cannot_be_replayed_with_a_new_form(coded_survey):
    code = services.invitation_codes_generate(survey=coded_survey, count=1)[0]
    services.response_submit(
        survey=coded_survey, language="da", token=uuid.uuid4(), values={}, code=code.code
    )
    with pytest.raises(services.SurveyError):
        services.response_submit(
            survey=coded_survey, language="da", token=uuid.uuid4(), values={}, code=code.code
        )
    assert Response.objects.count() == 1


def test_used_code_row_holds_nothing_of_the_response(coded_survey):
    code = services.invitation_codes_generate(survey=coded_survey, count=1)[0]
    response = services.response_submit(
        survey=coded_survey, language="da", token=uuid.uuid4(), values={}, code=code.code
    )
    services.pool_flush(survey=coded_survey, remainder=True)
    row = InvitationCode.objects.filter(pk=code.pk).values().get()
    assert str(response.pk) not in {str(v) for v in row.values()}
    assert row["used"] is True


def test_batch_generates_distinct_codes(coded_survey):
    codes = services.invitation_codes_generate(survey=coded_survey, count=50)
    assert len({c.code for c in codes}) == 50


def test_recipients_are_imported_once_per_address(coded_survey, staff_client):
    csv_file = io.BytesIO(
        b"organisation;email\nOslo kommune;post@oslo.kommune.no\nBergen;POST@oslo.kommune.no\n"
    )
    csv_file.name = "mottakere.csv"
    page = staff_client.post(
        f"/django-admin/surveys/survey/{coded_survey.pk}/codes/",
        {"import": "1", "file": csv_file},
    )
    assert page.status_code == 302
    assert list(coded_survey.codes.values_list("organisation", "email")) == [
        ("Oslo kommune", "post@oslo.kommune.no")
    ]


def test_invitations_and_reminders_go_to_those_who_have_not_answered(
    coded_survey, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    answered = InvitationCode.objects.create(survey=coded_survey, email="a@example.org", used=True)
    waiting = InvitationCode.objects.create(survey=coded_survey, email="b@example.org")
    url = "/django-admin/surveys/invitationcode/"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url,
            {"action": "send_reminders", "_selected_action": [answered.pk, waiting.pk]},
        )
    assert [m.to for m in mailoutbox] == [["b@example.org"]]
    assert waiting.code in mailoutbox[0].body
    assert f"/survey/{coded_survey.slug}/?code={waiting.code}" in mailoutbox[0].body


def test_participants_and_thank_you_contacts_make_the_invitation_list(coded_survey):
    InvitationCode.objects.create(
        survey=coded_survey, email="Post@Oslo.no", organisation="Oslo", used=True
    )
    InvitationCode.objects.create(survey=coded_survey, email="nei@bergen.no", used=False)
    services.seminar_contact_create(
        survey=coded_survey, name="Kari", email="post@oslo.no", organisation="Oslo"
    )
    services.seminar_contact_create(survey=coded_survey, name="Ola", email="ola@vid.no")
    services.pool_flush(survey=coded_survey, remainder=True)

    contacts = seminar_invitation_contacts()

    assert contacts == [
        {"name": "", "email": "Post@Oslo.no", "organisation": "Oslo"},
        {"name": "Ola", "email": "ola@vid.no", "organisation": ""},
    ]
