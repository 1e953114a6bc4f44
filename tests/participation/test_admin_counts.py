import pytest
from django.urls import reverse

from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _changelist(client, admin_user, django_assert_max_num_queries, budget):
    client.force_login(admin_user)
    with django_assert_max_num_queries(budget):
        return client.get(reverse("admin:participation_event_changelist"))


def test_event_list_shows_counts_in_bounded_queries(
    client, admin_user, django_assert_max_num_queries
):
    event = EventFactory(capacity=5)
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status="waiting")
    RegistrationFactory.create_batch(2, event=event, status="cancelled")
    response = _changelist(client, admin_user, django_assert_max_num_queries, 15)
    html = response.content.decode()
    assert '<td class="field-confirmed">3</td>' in html
    assert '<td class="field-waiting">1</td>' in html
    assert '<td class="field-cancelled">2</td>' in html
    assert '<td class="field-seats">2</td>' in html
    # Twenty more events cost no more queries.
    for _ in range(20):
        RegistrationFactory(event=EventFactory())
    _changelist(client, admin_user, django_assert_max_num_queries, 15)


def test_registration_admin_filters_and_search(client, admin_user):
    client.force_login(admin_user)
    RegistrationFactory(name="Findme Person", organisation_type="tenant_organisation")
    url = reverse("admin:participation_registration_changelist")
    assert "Findme" in client.get(url + "?q=findme").content.decode()
    filtered = client.get(url + "?organisation_type__exact=municipality").content.decode()
    assert "Findme" not in filtered
