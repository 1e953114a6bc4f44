"""Anonymity by construction: what is stored cannot point back to a respondent."""

import pytest
from django.db import models

from surveys.models import (
    Answer,
    InvitationCode,
    PendingCodeUse,
    PendingContact,
    Response,
    SeminarContact,
    SubmissionToken,
)
from tests.surveys.factories import answer_survey

# Adding a field to these models must be a deliberate decision: extend this list in
# the same change, and explain why it cannot identify anyone.
ALLOWED_FIELDS = {
    Response: {"id", "survey", "submitted_on", "language", "answers"},
    Answer: {"id", "response", "question", "option", "number", "text"},
    SubmissionToken: {"token"},
    SeminarContact: {"id", "survey", "name", "email", "organisation"},
    # The pool (docs/privacy.md): keyed hashes of the code and the form's token, and
    # the contact as it will be delivered; no time, no link to a response.
    PendingCodeUse: {"id", "survey", "code_hash", "token_hash"},
    PendingContact: {"id", "survey", "name", "email", "organisation"},
}


@pytest.mark.parametrize("model", list(ALLOWED_FIELDS))
def test_respondent_models_have_only_the_allowed_fields(model):
    names = {f.name for f in model._meta.get_fields()}
    assert names == ALLOWED_FIELDS[model]


@pytest.mark.parametrize(
    "model", [Response, Answer, SeminarContact, PendingCodeUse, PendingContact]
)
def test_respondent_models_have_random_primary_keys(model):
    assert isinstance(model._meta.pk, models.UUIDField)


@pytest.mark.parametrize("model", list(ALLOWED_FIELDS))
def test_respondent_models_store_no_time_ip_or_user(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateTimeField | models.TimeField)
        assert not isinstance(field, models.GenericIPAddressField)
        assert not isinstance(field, models.AutoField | models.BigAutoField)
        if field.is_relation:
            assert field.related_model._meta.label not in {"auth.User", "sessions.Session"}


def test_invitation_code_records_use_without_time_or_link_to_the_response():
    fields = {f.name: f for f in InvitationCode._meta.get_fields()}
    assert "response" not in fields
    assert not any(isinstance(f, models.DateTimeField) for f in fields.values())


def test_contacts_share_no_key_with_responses():
    contact_relations = {
        f.related_model for f in SeminarContact._meta.get_fields() if f.is_relation
    }
    assert Response not in contact_relations and Answer not in contact_relations
    response_relations = {f.related_model for f in Response._meta.get_fields() if f.is_relation}
    assert SeminarContact not in response_relations


def _stored_values():
    values = []
    for model in (Response, Answer, SubmissionToken, SeminarContact, InvitationCode):
        for row in model.objects.values():
            values += [str(v) for v in row.values()]
    return " ".join(values)


@pytest.mark.django_db
def test_stored_rows_hold_no_ip_user_agent_user_or_session(client, survey, staff):
    client.force_login(staff)
    session_key = client.session.session_key
    session_before = dict(client.session)
    extra = {"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "FingerprintBrowser/9.9"}

    answer_survey(client, survey, **extra)

    assert Response.objects.count() == 1
    stored = _stored_values()
    for trace in ("203.0.113.77", "FingerprintBrowser", session_key, "staff@example.org"):
        assert trace not in stored
    assert dict(client.session) == session_before  # survey pages never write the session


@pytest.mark.django_db
def test_survey_pages_set_no_cookie_but_csrf(client, survey):
    set_cookies = set()
    page = client.get(f"/survey/{survey.slug}/")
    set_cookies |= set(page.cookies)
    done = answer_survey(client, survey)
    set_cookies |= set(done.cookies)
    set_cookies |= set(client.get(done["Location"]).cookies)
    assert set_cookies <= {"csrftoken"}
    assert "sessionid" not in client.cookies
