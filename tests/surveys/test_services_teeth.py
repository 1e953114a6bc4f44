"""The survey rules a respondent or staff member meets, checked to the word and the count.

Written from the survivors of `make mutate` on surveys/services.py (docs/testing.md):
each test failed on one or more of them. The messages are what the respondent reads
on the form; the counts are what `manage.py flush_survey_pool` and the admin report.
"""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from surveys import services
from surveys.models import (
    Answer,
    InvitationCode,
    PendingCodeUse,
    PendingContact,
    Response,
    SeminarContact,
    SubmissionToken,
    Survey,
)
from tests.surveys.factories import build_every_type_survey, opt, q

pytestmark = pytest.mark.django_db

NO_MATCH = "The form no longer matches the survey. Please start again."
RECEIVED = "Your answers have already been received. Thank you."
INVALID = "This code is not valid for this survey. Please check it and try again."
USED = "This code has already been used. Each code can answer once."


def _refusal(call, error=services.SurveyError) -> str:
    with translation.override("en"), pytest.raises(error) as raised:
        call()
    return str(raised.value)


def _submit(survey, values=None, *, token=None, code="", language="da"):
    return services.response_submit(
        survey=survey,
        language=language,
        token=token or uuid.uuid4(),
        values=values if values is not None else {},
        code=code,
    )


def _coded(n=5, **kwargs):
    survey = build_every_type_survey(access=Survey.Access.CODES, **kwargs)
    return survey, services.invitation_codes_generate(survey=survey, count=n)


# --- What the respondent reads -------------------------------------------------------


def test_a_closed_survey_says_so(survey):
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert _refusal(lambda: _submit(survey)) == "This survey is closed."
    assert not Response.objects.exists()


def test_a_question_no_longer_in_the_survey_asks_to_start_again(survey):
    assert _refusal(lambda: _submit(survey, {10**9: "x"})) == NO_MATCH


def test_an_option_of_another_question_asks_to_start_again(survey):
    other_question_option = opt(survey, "methods", 1)
    values = {q(survey, "who").pk: {"option": str(other_question_option.pk), "other": ""}}
    assert _refusal(lambda: _submit(survey, values)) == NO_MATCH
    assert not Response.objects.exists()


def test_the_same_form_sent_twice_is_thanked_not_stored_twice(survey):
    token = uuid.uuid4()
    _submit(survey, token=token)
    assert _refusal(lambda: _submit(survey, token=token), services.AlreadySubmitted) == RECEIVED
    assert Response.objects.count() == 1


def test_a_coded_form_sent_again_after_its_batch_was_flushed_is_thanked(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 1
    survey, (code,) = _coded(1)
    token = uuid.uuid4()
    _submit(survey, token=token, code=code.code)
    assert services.pool_flush(survey=survey) == 1
    code.refresh_from_db()
    assert code.used
    again = _refusal(
        lambda: _submit(survey, token=token, code=code.code), services.AlreadySubmitted
    )
    assert again == RECEIVED
    assert Response.objects.count() == 1


def test_a_language_the_survey_does_not_have_is_stored_as_its_main_language(survey):
    response = _submit(survey, language="sv")
    assert Response.objects.get(pk=response.pk).language == "da"


# --- Which answers are stored ---------------------------------------------------------


def test_the_other_text_of_a_single_choice_is_stored_with_its_choice(survey):
    who = q(survey, "who")
    values = {who.pk: {"option": str(opt(survey, "who", 2).pk), "other": "Boligforening"}}
    response = _submit(survey, values)
    stored = set(Answer.objects.filter(response=response).values_list("question", "option", "text"))
    assert stored == {(who.pk, opt(survey, "who", 2).pk, ""), (who.pk, None, "Boligforening")}


def test_the_other_text_of_a_multiple_choice_is_stored_with_the_choices(survey):
    methods = q(survey, "methods")
    chosen = [str(opt(survey, "methods", 1).pk), str(opt(survey, "methods", 3).pk)]
    response = _submit(survey, {methods.pk: {"options": chosen, "other": "Fest"}})
    stored = set(Answer.objects.filter(response=response).values_list("question", "option", "text"))
    assert stored == {
        (methods.pk, opt(survey, "methods", 1).pk, ""),
        (methods.pk, opt(survey, "methods", 3).pk, ""),
        (methods.pk, None, "Fest"),
    }


# --- Invitation codes ----------------------------------------------------------------


def test_a_code_of_another_survey_is_not_valid_here():
    survey, _codes = _coded(1)
    _other, (foreign,) = _coded(1)
    assert _refusal(lambda: services.invitation_code_check(survey=survey, code=foreign.code)) == (
        INVALID
    )
    assert _refusal(lambda: _submit(survey, code=foreign.code)) == INVALID
    assert not PendingCodeUse.objects.exists() and not Response.objects.exists()


def test_an_empty_or_unknown_code_is_not_valid():
    survey, _codes = _coded(1)
    for code in ("", "   ", "NOSUCHCODE"):
        assert _refusal(lambda c=code: services.invitation_code_check(survey=survey, code=c)) == (
            INVALID
        )
        assert _refusal(lambda c=code: _submit(survey, code=c)) == INVALID


def test_a_claimed_code_and_a_used_code_are_refused_with_the_same_words(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 2
    survey, (claimed, used) = _coded(2)
    _submit(survey, code=claimed.code)
    InvitationCode.objects.filter(pk=used.pk).update(used=True)
    for code in (claimed, used):
        assert _refusal(
            lambda c=code: services.invitation_code_check(survey=survey, code=c.code)
        ) == (USED)
        assert _refusal(lambda c=code: _submit(survey, code=c.code)) == USED
    assert Response.objects.count() == 1


def test_a_flush_committed_between_the_claims_read_and_insert_is_seen(monkeypatch):
    # The race the claim's second read is for, played in one thread: the code is
    # marked used (another batch's flush) just before this claim's row goes in.
    survey, (code,) = _coded(1)
    create = PendingCodeUse.objects.create

    def flushed_meanwhile(**fields):
        InvitationCode.objects.filter(pk=code.pk).update(used=True)
        return create(**fields)

    monkeypatch.setattr(PendingCodeUse.objects, "create", flushed_meanwhile)
    assert _refusal(lambda: _submit(survey, code=code.code)) == USED
    assert not Response.objects.exists() and not PendingCodeUse.objects.exists()


@pytest.mark.parametrize("count", [0, 10_001])
def test_staff_generate_between_one_and_ten_thousand_codes(count):
    survey, _codes = _coded(1)
    message = _refusal(lambda: services.invitation_codes_generate(survey=survey, count=count))
    assert message == "Generate between 1 and 10,000 codes at a time."


def test_ten_thousand_codes_at_once_are_allowed():
    survey = build_every_type_survey(access=Survey.Access.CODES)
    assert len(services.invitation_codes_generate(survey=survey, count=10_000)) == 10_000


def test_invitations_are_counted_only_for_codes_with_an_address(django_capture_on_commit_callbacks):
    survey, (with_address, without) = _coded(2)
    with_address.email = "a@example.org"
    with django_capture_on_commit_callbacks():
        assert services.invitation_codes_send(codes=[with_address, without]) == 1


# --- Seminar contacts ------------------------------------------------------------------


def test_a_contact_with_a_too_long_organisation_is_refused(survey):
    with pytest.raises(ValidationError) as error:
        services.seminar_contact_create(
            survey=survey, name="Anne", email="anne@example.org", organisation="x" * 201
        )
    assert "organisation" in error.value.message_dict
    assert not PendingContact.objects.exists()


# --- The pool and its flush ------------------------------------------------------------


def _pending_contacts(survey, n):
    PendingContact.objects.bulk_create(
        PendingContact(survey=survey, name=f"P{i}", email=f"p{i}@example.org") for i in range(n)
    )


def _claims(survey, codes):
    for code in codes:
        services.invitation_code_claim(survey=survey, code=code.code, token=uuid.uuid4())


def test_a_coded_batch_is_marked_used_as_soon_as_it_is_full(
    settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    survey, codes = _coded(3)
    for code in codes[:2]:
        with django_capture_on_commit_callbacks(execute=True):
            _submit(survey, code=code.code)
    assert not InvitationCode.objects.filter(used=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(survey, code=codes[2].code)
    assert InvitationCode.objects.filter(used=True).count() == 3
    assert not PendingCodeUse.objects.exists()


def test_a_full_flush_counts_code_uses_and_contacts_of_every_survey(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 2
    coded, codes = _coded(3)
    _claims(coded, codes)
    contacts_only = build_every_type_survey()
    _pending_contacts(contacts_only, 2)
    too_few = build_every_type_survey()
    _pending_contacts(too_few, 1)
    assert services.pool_flush() == 5
    assert InvitationCode.objects.filter(used=True).count() == 3
    assert SeminarContact.objects.filter(survey=contacts_only).count() == 2
    assert PendingContact.objects.filter(survey=too_few).count() == 1
    assert services.pool_flush() == 0


def test_a_rest_below_the_minimum_moves_only_when_asked(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    survey, codes = _coded(2)
    _claims(survey, codes)
    _pending_contacts(survey, 1)
    assert services.pool_flush(survey=survey) == 0
    assert services.pool_flush(survey=survey, remainder=True) == 3


def test_a_batch_another_flush_took_part_of_is_left_whole(settings, monkeypatch):
    # Played in one thread: another flush deletes some of the batch's pool rows first.
    settings.SURVEY_MIN_GROUP_SIZE = 2
    survey, codes = _coded(3)
    _claims(survey, codes)
    _pending_contacts(survey, 3)
    take = services._take

    def taken_in_part(model, rows):
        take(model, rows[:1])
        return False

    monkeypatch.setattr(services, "_take", taken_in_part)
    assert services.pool_flush(survey=survey) == 0
    assert PendingCodeUse.objects.count() == 3 and PendingContact.objects.count() == 3
    assert not InvitationCode.objects.filter(used=True).exists()
    assert not SeminarContact.objects.exists()


def _close(survey):
    survey.status = Survey.Status.CLOSED
    survey.closes_at = timezone.now() - dt.timedelta(hours=1)
    survey.save()


def test_the_scheduled_job_empties_closed_surveys_and_leaves_open_ones_waiting(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    closed, closed_codes = _coded(2)
    _claims(closed, closed_codes)  # code uses only, no contacts
    _close(closed)
    still_open, open_codes = _coded(2)
    _claims(still_open, open_codes)
    _pending_contacts(still_open, 1)
    assert services.pool_flush_scheduled() == 2
    assert set(InvitationCode.objects.filter(used=True)) == set(closed_codes)
    assert PendingCodeUse.objects.count() == 2 and PendingContact.objects.count() == 1


def test_the_scheduled_job_moves_a_contact_whose_survey_was_deleted(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    gone = build_every_type_survey()
    _pending_contacts(gone, 1)
    closed = build_every_type_survey()
    _pending_contacts(closed, 2)
    _close(closed)
    gone.delete()
    assert services.pool_flush_scheduled() == 3
    assert SeminarContact.objects.filter(survey__isnull=True).count() == 1
    assert not PendingContact.objects.exists()


def test_submission_tokens_are_kept_after_the_flush(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 1
    survey, (code,) = _coded(1)
    token = uuid.uuid4()
    _submit(survey, token=token, code=code.code)
    services.pool_flush(survey=survey)
    assert SubmissionToken.objects.filter(token=token).exists()


def test_a_flush_that_fails_after_the_answer_leaves_the_pool_and_says_so(
    survey, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    # The respondent's answer stands; the operator reads why the batch still waits.
    def busy(**kwargs):
        raise services.DatabaseError("database is locked")

    monkeypatch.setattr(services, "pool_flush", busy)
    with django_capture_on_commit_callbacks(execute=True):
        services.seminar_contact_create(survey=survey, name="Anne", email="anne@example.org")
    assert PendingContact.objects.count() == 1
    assert [r.getMessage() for r in caplog.records if r.name == "surveys.services"] == [
        "Survey pool not flushed now; the scheduled job will do it"
    ]
