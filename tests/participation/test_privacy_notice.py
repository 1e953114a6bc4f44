"""The privacy notice names who is responsible, why, for how long, and where to complain,
for sign-ups, seminar contacts and invitations."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from lejerbo_site.models import SiteSettings

pytestmark = pytest.mark.django_db


def _notice(client, lang):
    return client.get(reverse("participation:privacy") + f"?lang={lang}").content.decode()


def test_names_the_data_controller_from_the_site_settings(client, home_page):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Lejerbo Testorganisasjon"
    site_settings.contact_email = "personvern@example.org"
    site_settings.save()
    html = _notice(client, "nb")
    assert "Behandlingsansvarlig er Lejerbo Testorganisasjon" in html
    assert 'href="mailto:personvern@example.org"' in html


@pytest.mark.parametrize(
    "lang,texts",
    [
        ("en", ["Article 6(1)(a)", "Article 9(2)(a)", "Article 6(1)(f)"]),
        ("da", ["artikel 6, stk. 1, litra a", "artikel 6, stk. 1, litra f"]),
        ("nb", ["artikkel 6 nr. 1 bokstav a", "artikkel 6 nr. 1 bokstav f"]),
    ],
)
def test_gives_the_legal_basis(client, lang, texts):
    html = _notice(client, lang)
    for text in texts:
        assert text in html


def test_gives_each_kind_of_datas_retention_period(client, settings):
    settings.PARTICIPATION_RETENTION_DAYS = 61
    settings.PARTICIPATION_INVITATION_RETENTION_DAYS = 62
    settings.SURVEY_CONTACT_RETENTION_DAYS = 63
    html = _notice(client, "en")
    assert "Sign-ups are anonymised 61 days after the event" in html
    assert "Contacts for seminar invitations are deleted 63 days after the survey closed" in html
    assert "Invitations are deleted 62 days after the series' last event" in html


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_names_the_right_to_complain_in_denmark_and_norway(client, lang):
    html = _notice(client, lang)
    assert "Datatilsynet (datatilsynet.dk)" in html
    assert "Datatilsynet (datatilsynet.no)" in html


def test_covers_seminar_contacts_left_after_the_survey(client):
    html = _notice(client, "nb")
    assert "Kontakter for seminarinvitasjoner" in html
    assert "kan ikke kobles til dem" in html
