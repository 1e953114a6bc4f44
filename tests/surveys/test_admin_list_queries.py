"""Query budgets: the admin lists of codes, contacts, questions and export logs cost
the same number of queries with a few rows as with many."""

import pytest
from django.contrib.auth.models import Permission

from core.models import AuditRecord
from surveys import services
from tests.surveys.factories import SurveyFactory, build_every_type_survey

pytestmark = pytest.mark.django_db

BUDGET = 14


def fill(survey, staff, size):
    codes = services.invitation_codes_generate(survey=survey, count=size)
    for n, code in enumerate(codes):
        code.email = f"person{n}@example.org"
        code.organisation = f"Organisation {n}"
    type(codes[0]).objects.bulk_update(codes, ["email", "organisation"])
    for n in range(size):
        services.seminar_contact_create(
            survey=survey, name=f"Person {n}", email=f"contact{n}@example.org"
        )
    services.pool_flush(survey=survey, remainder=True)  # staff see contacts once flushed
    AuditRecord.objects.bulk_create(
        AuditRecord(
            user=staff, action="export", what="survey responses", file_format="csv", row_count=n
        )
        for n in range(size)
    )


@pytest.mark.parametrize("size", [1, 60])
@pytest.mark.parametrize(
    "url",
    [
        "/django-admin/surveys/invitationcode/",
        "/django-admin/surveys/invitationcode/?used__exact=0",
        "/django-admin/surveys/seminarcontact/",
        "/django-admin/surveys/question/",
        "/django-admin/core/auditrecord/",
    ],
)
def test_admin_lists_cost_the_same_queries_with_few_or_many_rows(
    staff_client, staff, size, url, django_assert_max_num_queries
):
    staff.user_permissions.add(Permission.objects.get(codename="view_auditrecord"))
    survey = build_every_type_survey()
    SurveyFactory()  # a second survey in the survey filter
    fill(survey, staff, size)
    with django_assert_max_num_queries(BUDGET):
        response = staff_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
