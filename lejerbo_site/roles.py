"""Staff roles as data: five groups with least privilege, kept as written here.

`roles_sync()` runs after every `migrate` (post_migrate, see apps.py): it creates each
group, named in the admin's language (LANGUAGE_CODE), and sets its permissions to
exactly those below, so a group can never quietly gain one. The matrix of what each
role may open, run and export is docs/roles.md; tests/lejerbo_site/test_role_matrix.py
is generated from it. It lives in the top layer because it names permissions of every app.

Staff accounts also need "staff status" to open the Django admin (/django-admin/);
a person is given a role by being put in its group. Moving someone past an event's
capacity (participation.override_capacity_registration) is in no role on purpose:
it is granted to named people.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Wagtail page and collection permissions, given on the root page / root collection.
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}

ROLES = {
    "editor": {
        "name": _("Editor"),
        "permissions": [
            "wagtailadmin.access_admin",
            "lejerbo_site.add_organisationprofile",
            "lejerbo_site.change_organisationprofile",
            "lejerbo_site.delete_organisationprofile",
            "lejerbo_site.view_organisationprofile",
            "lejerbo_site.change_sitesettings",
        ],
        "pages": True,
    },
    "survey_analyst": {
        "name": _("Survey analyst"),
        "permissions": [
            "surveys.view_survey",
            "surveys.view_question",
            "surveys.export_responses",
        ],
    },
    # Builds surveys on their one-page builder (sections, questions, options; a
    # matrix's items are options), previews, copies them (the copy action needs
    # add_survey) and reads the results (view_survey). No export of responses, no
    # invitation codes or seminar contacts (people's data), no Wagtail pages.
    "survey_editor": {
        "name": _("Survey editor"),
        "permissions": [
            f"surveys.{action}_{model}"
            for model in ("survey", "section", "question", "option")
            for action in ("add", "change", "delete", "view")
        ],
    },
    "event_coordinator": {
        "name": _("Event coordinator"),
        "permissions": [
            "participation.view_eventseries",
            "participation.add_eventseries",
            "participation.change_eventseries",
            "participation.view_event",
            "participation.add_event",
            "participation.change_event",
            "participation.view_registration",
            "participation.add_registration",
            "participation.change_registration",
            "participation.export_registration",
            "participation.view_invitation",
            "participation.send_invitation",
            "surveys.view_invitationcode",
            "surveys.add_invitationcode",
            "surveys.change_invitationcode",
            "surveys.send_invitationcode",
            "surveys.export_invitationcode",
            "surveys.view_seminarcontact",
            "surveys.export_seminarcontact",
        ],
    },
    "privacy_officer": {
        "name": _("Privacy officer"),
        "permissions": [
            "participation.view_registration",
            "participation.erase_registration",
            "participation.view_invitation",
            "participation.delete_invitation",
            "surveys.view_invitationcode",
            "surveys.erase_invitationcode",
            "surveys.view_seminarcontact",
            "surveys.delete_seminarcontact",
            "core.view_auditrecord",
        ],
    },
}


def role_group_name(role: str) -> str:
    """The group's name, in the admin's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(ROLES[role]["name"])


def role_group(role: str) -> Group:
    return Group.objects.get(name=role_group_name(role))


def _permissions(names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def _wagtail_permissions(group: Group) -> None:
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
    )

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for permission in _permissions(f"wagtailcore.{c}" for c in PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for permission in _permissions(f"{app_label}.{c}" for c in codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def roles_sync(*, using: str = "default", **kwargs) -> None:
    """Create the role groups and set their permissions; running it again changes nothing.

    Connected to post_migrate (its keyword arguments come from the signal).
    """
    from django.apps import apps

    # Permissions are created app by app after migrate; make sure every app's exist.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    role_groups_set(using=using)


def role_groups_set(*, using: str = "default") -> None:
    """Give each role's group exactly its permissions (the permissions must exist)."""
    with transaction.atomic(using=using):
        for role, spec in ROLES.items():
            group, _created = Group.objects.get_or_create(name=role_group_name(role))
            group.permissions.set(_permissions(spec["permissions"]))
            if spec.get("pages"):
                _wagtail_permissions(group)
