import pytest
from django.contrib.auth.models import Permission, User

from surveys.content import load_source_survey
from tests.surveys.factories import build_every_type_survey


@pytest.fixture
def source_survey(db):
    return load_source_survey(project_page=None)


@pytest.fixture
def survey(db):
    """An open survey with one question of every type, in three languages."""
    return build_every_type_survey()


@pytest.fixture
def staff(db):
    user = User.objects.create_user("staff", "staff@example.org", "pw-123456789", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="surveys").exclude(
            codename__startswith="export_"
        )
    )
    return user


@pytest.fixture
def exporter(staff):
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="surveys", codename__startswith="export_"
        )
    )
    return User.objects.get(pk=staff.pk)  # fresh permission cache


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def exporter_client(client, exporter):
    client.force_login(exporter)
    return client
