from django.conf import settings
from django.core.management.base import BaseCommand

from core.hostile_input import bounded_int
from participation.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail confirmed participants of events starting within "
        "PARTICIPATION_REMINDER_HOURS; each registration is reminded once. Run it hourly."
    )

    def add_arguments(self, parser):
        # At least an hour ahead, at most a year.
        parser.add_argument(
            "--hours",
            type=bounded_int(1, 24 * 366),
            default=settings.PARTICIPATION_REMINDER_HOURS,
        )

    def handle(self, *args, hours, **options):
        sent = reminders_send(hours=hours)
        self.stdout.write(f"{sent} reminder(s) sent.")
