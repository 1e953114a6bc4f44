"""Every admin page of the surveys app opens for staff (smoke tests)."""

import uuid

import pytest

from surveys import services
from surveys.models import ExportLog

pytestmark = pytest.mark.django_db


def test_admin_pages_open(exporter_client, exporter, survey):
    services.response_submit(survey=survey, language="da", token=uuid.uuid4(), values={})
    services.invitation_codes_generate(survey=survey, count=2)
    services.seminar_contact_create(survey=survey, name="Kari", email="kari@example.no")
    ExportLog.objects.create(user=exporter, survey=survey, what="x", file_format="csv", row_count=1)
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
        "/django-admin/surveys/exportlog/",
    ]
    for url in urls:
        assert exporter_client.get(url).status_code == 200, url


def test_export_log_is_read_only(exporter_client, exporter, survey):
    log = ExportLog.objects.create(
        user=exporter, survey=survey, what="responses", file_format="csv", row_count=3
    )
    assert exporter_client.get("/django-admin/surveys/exportlog/add/").status_code == 403
    page = exporter_client.post(
        f"/django-admin/surveys/exportlog/{log.pk}/delete/", {"post": "yes"}
    )
    assert page.status_code == 403
    assert ExportLog.objects.filter(pk=log.pk).exists()


def test_codes_page_generates_a_batch_and_exports_it_for_mailing(exporter_client, survey):
    url = f"/django-admin/surveys/survey/{survey.pk}/codes/"
    assert exporter_client.post(url, {"generate": "1", "count": "3"}).status_code == 302
    export = exporter_client.post(url, {"export": "1"})
    text = b"".join(export.streaming_content).decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "code,url,organisation,email,used"
    assert len(lines) == 4
    assert f"/survey/{survey.slug}/?code=" in lines[1]
    assert ExportLog.objects.get().what == "invitation codes"
