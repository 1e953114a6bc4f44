"""Recipient lists for invitation codes: any CSV staff upload gets a clear answer."""

import io

import pytest

from surveys.models import InvitationCode, Survey
from surveys.recipients import recipients_parse
from surveys.services import SurveyError
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded_survey():
    return SurveyFactory(access=Survey.Access.CODES)


def _upload(staff_client, survey, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "mottakere.csv"
    return staff_client.post(
        f"/django-admin/surveys/survey/{survey.pk}/codes/", {"import": "1", "file": upload}
    )


def test_a_one_column_file_of_addresses_is_imported(staff_client, coded_survey):
    page = _upload(staff_client, coded_survey, b"email\npost@oslo.kommune.no\npost@bergen.no\n")
    assert page.status_code == 302
    assert sorted(coded_survey.codes.values_list("email", flat=True)) == [
        "post@bergen.no",
        "post@oslo.kommune.no",
    ]


def test_a_one_column_file_without_an_email_header_is_refused_with_a_message(
    staff_client, coded_survey
):
    page = _upload(staff_client, coded_survey, b"navn\nOslo\n")
    assert page.status_code == 200
    assert "“email”" in page.content.decode()
    assert not InvitationCode.objects.exists()


def test_a_wrong_line_is_named_and_nothing_is_imported(staff_client, coded_survey):
    content = (
        "organisation;email\nOslo kommune;post@oslo.kommune.no\n"
        "Bergen;ikke-en-adresse\nTromsø;a@b.no;ekstra\n"
    ).encode()
    page = _upload(staff_client, coded_survey, content)
    html = page.content.decode()
    assert page.status_code == 200
    assert "3" in html and "ikke-en-adresse" in html and "4" in html
    assert not InvitationCode.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"\xff\xfe\x00", b'email\n"unterminated\n', b"email;organisation\n;;;\n"],
)
def test_odd_files_give_a_message_not_an_error(content):
    try:
        rows = recipients_parse(data=content)
    except SurveyError as error:
        assert str(error)
    else:
        assert rows == []


def test_lines_are_counted_as_staff_see_them_in_the_file():
    content = b'organisation,email\n"Oslo\nkommune",post@oslo.no\nBergen,feil\n'
    with pytest.raises(SurveyError, match="4"):
        recipients_parse(data=content)
