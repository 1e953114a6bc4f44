"""The privacy notice states the retention period of every kind of personal data."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_privacy_notice_states_each_period(client, settings, lang):
    settings.PARTICIPATION_RETENTION_DAYS = 91
    settings.PARTICIPATION_INVITATION_RETENTION_DAYS = 92
    settings.SURVEY_CONTACT_RETENTION_DAYS = 193
    html = client.get(reverse("participation:privacy") + f"?lang={lang}").content.decode()
    assert " 91 " in html and " 92 " in html and " 193 " in html
