"""Survey invitation mails link to where the site is served, not to SITE_URL."""

import pytest
from django.test import override_settings
from wagtail.models import Site

from surveys import services
from surveys.models import InvitationCode, Survey

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="http://127.0.0.1:8000", WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000")
def test_invitation_mail_links_to_the_default_sites_host_and_port(
    survey, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8123)
    survey.access = Survey.Access.CODES
    survey.save()
    code = InvitationCode.objects.create(survey=survey, email="k@kommune.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_codes_send(codes=[code])
    (message,) = mailoutbox
    assert f"http://127.0.0.1:8123/survey/{survey.slug}/?code={code.code}" in message.body
