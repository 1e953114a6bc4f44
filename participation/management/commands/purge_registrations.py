from django.conf import settings
from django.core.management.base import BaseCommand

from participation.services import registrations_purge


class Command(BaseCommand):
    help = (
        "Anonymise registrations PARTICIPATION_RETENTION_DAYS after their event ended; "
        "counts and statuses stay. Safe to run again. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.PARTICIPATION_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        count = registrations_purge(days=days)
        self.stdout.write(f"{count} registration(s) anonymised.")
