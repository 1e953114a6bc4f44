"""Demo material for trying the flows in development: `python manage.py load_demo_content`.

An open copy of the 2022 survey and an upcoming seminar, both marked as demo in their
titles and texts. The real survey and events are past (load_site_content loads them as
they were); without this, nothing on a fresh development site could be answered or
signed up for. Refuses to run unless settings.DEMO_CONTENT_ALLOWED (dev and test
settings only), so demo material never reaches the public site. Created once.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lejerbo_site.management.commands.load_site_content import seed_key
from lejerbo_site.models import ProjectPage
from participation.content import load_demo_event
from surveys.content import load_demo_survey


class Command(BaseCommand):
    help = "Development only: an open demo copy of the survey and an upcoming demo event."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "Demo content is for development only (DEMO_CONTENT_ALLOWED is off here)."
            )
        project = (
            ProjectPage.objects.filter(translation_key=seed_key("project")).first()
            or ProjectPage.objects.order_by("pk").first()  # a site loaded before fixed keys
        )
        if project is None:
            raise CommandError("Run load_site_content first.")
        with transaction.atomic():
            load_demo_survey(project_page=project)
            load_demo_event(project_page=project)
        call_command("update_index", verbosity=0)
        self.stdout.write("Demo content loaded (marked as demo).")
