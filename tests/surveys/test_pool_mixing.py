"""The database administrator's and the staff's attacks on the link between a person
(invitation code, seminar contact) and their answers, and what the pool does to them.

The attacker knows the responses in submission order (storage order, transaction
ids). Before this, a used code shared its response's transaction id and contacts
were stored in the order of the responses before them.
"""

import random
import threading
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from surveys import services
from surveys.models import (
    InvitationCode,
    PendingCodeUse,
    PendingContact,
    Response,
    SeminarContact,
    Survey,
)
from tests.surveys.factories import build_every_type_survey, q


def coded_survey_with_people(n):
    survey = build_every_type_survey(access=Survey.Access.CODES)
    codes = services.invitation_codes_generate(survey=survey, count=n)
    for i, code in enumerate(codes):
        code.email = f"person{i:02d}@example.org"
    InvitationCode.objects.bulk_update(codes, ["email"])
    return survey, codes


def respond(survey, code, *, contact=True):
    """One respondent: answers (which give them away to the test) and a contact."""
    services.response_submit(
        survey=survey,
        language="da",
        token=uuid.uuid4(),
        values={q(survey, "barriers").pk: f"svar fra {code.email}"},
        code=code.code,
    )
    if contact:
        services.seminar_contact_create(survey=survey, name=code.email, email=code.email)


def storage_order(sql_postgres, sql_sqlite):
    sql = sql_postgres if connection.vendor == "postgresql" else sql_sqlite
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def assert_batch_shuffle(stored, truth, k):
    """Stored order reveals the batch (k or more people), never the place inside it."""
    assert len(stored) == len(truth)
    assert stored != truth
    for start in range(0, len(truth), k):
        assert set(stored[start : start + k]) == set(truth[start : start + k])
    guessed_right = sum(s == t for s, t in zip(stored, truth, strict=True))
    assert guessed_right <= 2 * len(truth) // k  # chance: one per batch


# Flushed after the test, like the other threaded tests (the locales fixture and
# load_site_content put Wagtail's root back for later tests).
@pytest.mark.django_db(transaction=True)
def test_storage_order_and_transaction_ids_pair_nobody_with_their_answers(settings, monkeypatch):
    k = settings.SURVEY_MIN_GROUP_SIZE = 5
    monkeypatch.setattr(services, "_shuffler", random.Random(2026))  # a fixed shuffle
    survey, codes = coded_survey_with_people(20)
    # Codes are used in an order that has nothing to do with how they were made.
    used_in_order = random.Random(7).sample(codes, len(codes))
    for code in used_in_order:
        respond(survey, code)
    truth = [code.email for code in used_in_order]

    answers = storage_order(
        "SELECT a.text FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
        "WHERE a.text LIKE 'svar fra %%' ORDER BY r.ctid",
        "SELECT a.text FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
        "WHERE a.text LIKE 'svar fra %%' ORDER BY r.rowid",
    )
    assert [a.removeprefix("svar fra ") for a in answers] == truth  # the attacker's premise
    contacts = storage_order(
        "SELECT email FROM surveys_seminarcontact ORDER BY xmin::text::bigint, ctid",
        "SELECT email FROM surveys_seminarcontact ORDER BY rowid",
    )
    assert_batch_shuffle(contacts, truth, k)
    assert not PendingContact.objects.exists() and not PendingCodeUse.objects.exists()

    if connection.vendor == "postgresql":
        used = storage_order(
            "SELECT email FROM surveys_invitationcode WHERE used ORDER BY xmin::text::bigint, ctid",
            "",
        )
        assert_batch_shuffle(used, truth, k)
        # The join that gave every code holder's answers away before.
        paired = storage_order(
            "SELECT c.email FROM surveys_invitationcode c "
            "JOIN surveys_response r ON r.xmin = c.xmin WHERE c.used",
            "",
        )
        assert paired == []
        paired = storage_order(
            "SELECT s.email FROM surveys_seminarcontact s "
            "JOIN surveys_response r ON r.xmin = s.xmin",
            "",
        )
        assert paired == []


@pytest.mark.django_db
def test_two_admin_snapshots_around_one_submission_show_no_change_in_codes_or_contacts(
    staff_client, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    survey, codes = coded_survey_with_people(3)
    respond(survey, codes[0])  # an earlier respondent, still in the pool

    def snapshot():
        listing = staff_client.get("/django-admin/surveys/invitationcode/")
        used = staff_client.get("/django-admin/surveys/invitationcode/?used__exact=1")
        overview = staff_client.get(f"/django-admin/surveys/survey/{survey.pk}/codes/")
        contacts = staff_client.get("/django-admin/surveys/seminarcontact/")
        return (
            [(c.email, c.used) for c in listing.context["cl"].result_list],
            used.context["cl"].result_count,
            overview.context["counts"],
            [c.email for c in contacts.context["cl"].result_list],
        )

    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        respond(survey, codes[1])
    after = snapshot()

    assert Response.objects.count() == 2
    assert after == before


@pytest.mark.django_db
def test_nothing_is_lost_when_the_process_stops_between_submission_and_flush(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 3
    survey, codes = coded_survey_with_people(4)
    # The flush runs after the commit; here it never runs, as if the process died.
    for code in codes:
        respond(survey, code)
    assert Response.objects.count() == 4
    assert not InvitationCode.objects.filter(used=True).exists()
    assert not SeminarContact.objects.exists()

    call_command("flush_survey_pool")  # the scheduled job

    assert InvitationCode.objects.filter(used=True).count() == 4
    assert sorted(SeminarContact.objects.values_list("email", flat=True)) == sorted(
        c.email for c in codes
    )
    assert not PendingCodeUse.objects.exists() and not PendingContact.objects.exists()


@pytest.mark.django_db
def test_a_small_rest_waits_until_its_survey_closes(settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    survey, codes = coded_survey_with_people(2)
    for code in codes:
        respond(survey, code)

    call_command("flush_survey_pool")
    assert not SeminarContact.objects.exists()
    assert not InvitationCode.objects.filter(used=True).exists()

    survey.status = Survey.Status.CLOSED
    survey.save()
    call_command("flush_survey_pool")
    assert SeminarContact.objects.count() == 2
    assert InvitationCode.objects.filter(used=True).count() == 2


@pytest.mark.django_db
def test_a_form_sent_again_after_a_crash_between_claim_and_response_is_stored(settings):
    survey, (code,) = coded_survey_with_people(1)
    token = uuid.uuid4()
    # The claim was committed, then the process died before the response.
    services.invitation_code_claim(survey=survey, code=code.code, token=token)

    with pytest.raises(services.SurveyError):  # another form with the same code
        services.response_submit(
            survey=survey, language="da", token=uuid.uuid4(), values={}, code=code.code
        )
    services.response_submit(survey=survey, language="da", token=token, values={}, code=code.code)

    assert Response.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_code_sent_by_twenty_forms_at_once_stores_one_response(requires_postgres, settings):
    settings.SURVEY_MIN_GROUP_SIZE = 5
    survey, (code,) = coded_survey_with_people(1)
    outcomes = []
    barrier = threading.Barrier(20)

    def submit():
        try:
            barrier.wait()
            services.response_submit(
                survey=survey, language="da", token=uuid.uuid4(), values={}, code=code.code
            )
            outcomes.append("stored")
        except services.SurveyError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 19 + ["stored"]
    assert Response.objects.count() == 1
    assert PendingCodeUse.objects.count() == 1
