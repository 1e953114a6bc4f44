"""Query budgets: the registration and invitation lists cost the same number of
queries with a few rows as with many."""

import pytest
from django.urls import reverse

from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

BUDGET = 14


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize(
    "query", ["", "?status__exact=confirmed", "?organisation_type__exact=municipality"]
)
def test_registration_list_costs_the_same_queries_with_few_or_many_rows(
    client, admin_user, size, query, django_assert_max_num_queries
):
    events = [EventFactory(capacity=None) for _ in range(3)]
    for n in range(size):
        RegistrationFactory(event=events[n % 3])
    client.force_login(admin_user)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("admin:participation_registration_changelist") + query)
    assert response.status_code == 200
    assert "Person" in response.content.decode()
