"""Seminar contacts are deleted by the scheduled purge a period after their survey closed."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from surveys import services
from surveys.models import SeminarContact, Survey
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


def _contact(survey, name):
    return SeminarContact.objects.create(survey=survey, name=name, email=f"{name}@example.no")


def test_the_daily_purge_deletes_contacts_of_surveys_closed_long_ago():
    _contact(SurveyFactory(opens_at=_ago(400), closes_at=_ago(181)), "old")
    _contact(SurveyFactory(opens_at=_ago(400), closes_at=_ago(10)), "recent")
    _contact(SurveyFactory(opens_at=_ago(400), closes_at=None), "open")
    closed_by_hand = SurveyFactory(opens_at=_ago(400), closes_at=None, status=Survey.Status.CLOSED)
    _contact(closed_by_hand, "closedbyhand")
    _contact(None, "orphan")
    call_command("purge_registrations", stdout=io.StringIO())
    assert sorted(SeminarContact.objects.values_list("name", flat=True)) == ["open", "recent"]


def test_the_period_comes_from_the_settings(settings):
    settings.SURVEY_CONTACT_RETENTION_DAYS = 5
    _contact(SurveyFactory(opens_at=_ago(40), closes_at=_ago(10)), "a")
    assert services.seminar_contacts_purge() == 1
    assert not SeminarContact.objects.exists()
