"""The survey analysts' group takes the admin's one word for survey.

The role groups carry their names in the admin's language (lejerbo_site.roles), and
the roles are synced by name after every migrate: without this rename the sync would
make a new, empty "Analytiker (undersøgelser)" and leave the members in the old group.
"""

from django.db import migrations

OLD = "Analytiker (spørgeskemaer)"
NEW = "Analytiker (undersøgelser)"


def rename(apps, schema_editor, old=OLD, new=NEW):
    Group = apps.get_model("auth", "Group")
    if not Group.objects.filter(name=new).exists():
        Group.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("lejerbo_site", "0002_news_date_optional"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
