"""The optional "invite me to the seminars" form on the thank-you page."""

import pytest

from surveys import services
from surveys.models import Response, SeminarContact
from tests.surveys.factories import answer_survey

pytestmark = pytest.mark.django_db


def test_respondent_leaves_a_contact_stored_apart_from_the_answers(client, survey):
    done = answer_survey(client, survey, lang="en")
    thanks = client.get(done["Location"])
    html = thanks.content.decode()
    assert "I want an invitation to the seminars" in html
    key = html.split('name="thanks_key" value="')[1].split('"')[0]

    sent = client.post(
        done["Location"],
        {
            "name": "Kari Nordmann",
            "email": "kari@example.no",
            "organisation": "Oslo kommune",
            "thanks_key": key,
        },
    )

    assert sent.status_code == 302
    assert "sent=1" in sent["Location"]
    assert not SeminarContact.objects.exists()  # waits in the pool for its batch
    services.pool_flush(survey=survey, remainder=True)
    contact = SeminarContact.objects.get()
    assert (contact.name, contact.email, contact.organisation) == (
        "Kari Nordmann",
        "kari@example.no",
        "Oslo kommune",
    )
    response = Response.objects.get()
    contact_values = {str(v) for v in SeminarContact.objects.values().get().values()}
    response_values = {str(v) for v in Response.objects.values().get().values()}
    # Only the survey is shared; no key, date or other value joins the two.
    assert contact_values & response_values == {str(survey.pk)}
    assert str(response.pk) not in contact_values


def test_contact_form_without_a_fresh_thank_you_key_is_refused(client, survey):
    page = client.post(
        f"/survey/{survey.slug}/thanks/?lang=en",
        {"name": "Spam", "email": "spam@example.org", "thanks_key": "forged"},
    )
    assert page.status_code == 200
    assert "This form has expired" in page.content.decode()
    assert not SeminarContact.objects.exists()
