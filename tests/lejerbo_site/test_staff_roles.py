"""The staff roles are groups that `migrate` creates and keeps exactly as written."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from lejerbo_site.roles import ROLES, role_group

pytestmark = pytest.mark.django_db

DANISH_NAMES = {
    "editor": "Redaktør",
    "survey_analyst": "Analytiker (undersøgelser)",
    "survey_editor": "Redaktør (undersøgelser)",
    "event_coordinator": "Arrangementskoordinator",
    "privacy_officer": "Databeskyttelsesansvarlig",
}


def permissions_of(group):
    return sorted(
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    )


def test_migrate_creates_the_five_groups_named_in_the_admins_language():
    Group.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(DANISH_NAMES.values())
    for role in ROLES:
        assert role_group(role).name == DANISH_NAMES[role]


def test_migrating_again_changes_nothing_and_takes_away_what_was_added_by_hand():
    analyst = role_group("survey_analyst")
    before = permissions_of(analyst)
    analyst.permissions.add(Permission.objects.get(codename="export_registration"))
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    assert Group.objects.filter(name__in=DANISH_NAMES.values()).count() == len(ROLES)
    assert permissions_of(role_group("survey_analyst")) == before
    assert GroupPagePermission.objects.filter(group=role_group("editor")).count() == 5


def test_editors_get_nothing_of_surveys_or_registrations():
    editor = permissions_of(role_group("editor"))
    assert not [p for p in editor if p.startswith(("surveys.", "participation.", "core."))]


def test_survey_analysts_get_no_contact_data():
    analyst = permissions_of(role_group("survey_analyst"))
    assert analyst == [
        "surveys.export_responses",
        "surveys.view_question",
        "surveys.view_survey",
    ]


def test_survey_editors_build_surveys_but_get_no_export_contact_data_or_pages():
    survey_editor = role_group("survey_editor")
    assert permissions_of(survey_editor) == sorted(
        f"surveys.{action}_{model}"
        for model in ("option", "question", "section", "survey")
        for action in ("add", "change", "delete", "view")
    )
    assert not GroupPagePermission.objects.filter(group=survey_editor).exists()


def test_only_the_privacy_officer_reads_the_audit_trail_and_erases():
    holders = {
        role
        for role in ROLES
        if {"core.view_auditrecord", "participation.erase_registration"}
        & set(permissions_of(role_group(role)))
    }
    assert holders == {"privacy_officer"}


def test_no_role_may_move_people_past_the_capacity():
    for role in ROLES:
        assert "participation.override_capacity_registration" not in permissions_of(
            role_group(role)
        )


def test_the_analysts_group_keeps_its_members_when_its_name_takes_the_new_word():
    """Before the one admin vocabulary the group was "Analytiker (spørgeskemaer)"."""
    import importlib

    from django.apps import apps
    from django.contrib.auth import get_user_model

    migration = importlib.import_module("lejerbo_site.migrations.0003_rename_survey_analyst_group")
    old_group = role_group("survey_analyst")
    old_group.name = "Analytiker (spørgeskemaer)"
    old_group.save()
    analyst = get_user_model().objects.create_user("analytiker")
    analyst.groups.add(old_group)

    migration.rename(apps, None)
    call_command("migrate", verbosity=0)

    assert list(analyst.groups.values_list("name", flat=True)) == ["Analytiker (undersøgelser)"]
    assert not Group.objects.filter(name="Analytiker (spørgeskemaer)").exists()
