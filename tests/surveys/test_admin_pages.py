"""Every admin page of the surveys app opens for staff (smoke tests)."""

import uuid

import pytest

from core.audit import Action, audit_record
from core.models import AuditRecord
from surveys import services

pytestmark = pytest.mark.django_db


def test_admin_pages_open(exporter_client, exporter, survey):
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values={})
    services.invitation_codes_generate(survey=survey, count=2)
    services.seminar_contact_create(survey=survey, name="Kari", email="kari@example.no")
    audit_record(user=exporter, action=Action.EXPORT, what="x", file_format="csv", row_count=1)
    question = survey.questions.get(key="influence")
    urls = [
        "/django-admin/surveys/survey/",
        "/django-admin/surveys/survey/add/",
        f"/django-admin/surveys/survey/{survey.pk}/change/",
        f"/django-admin/surveys/survey/{survey.pk}/results/",
        f"/django-admin/surveys/survey/{survey.pk}/codes/",
        f"/django-admin/surveys/question/{question.pk}/change/",
        "/django-admin/surveys/invitationcode/",
        "/django-admin/surveys/seminarcontact/",
    ]
    for url in urls:
        assert exporter_client.get(url).status_code == 200, url


def test_codes_page_generates_a_batch_and_exports_it_for_mailing(exporter_client, survey):
    url = f"/django-admin/surveys/survey/{survey.pk}/codes/"
    assert exporter_client.post(url, {"generate": "1", "count": "3"}).status_code == 302
    export = exporter_client.post(url, {"export": "1"})
    text = b"".join(export.streaming_content).decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "Kode,Link,Organisation,E-mail,Brugt (1 = ja)"  # the admin speaks Danish
    assert len(lines) == 4
    assert f"/survey/{survey.slug}/?code=" in lines[1]
    assert AuditRecord.objects.get().what == "invitation codes"
