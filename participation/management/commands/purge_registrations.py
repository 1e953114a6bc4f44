from django.conf import settings
from django.core.management.base import BaseCommand

from core.hostile_input import bounded_int
from participation.services import invitations_purge, registrations_purge
from surveys.services import seminar_contacts_purge

# A century: anything longer is a typing mistake.
MAX_DAYS = 36_500


class Command(BaseCommand):
    help = (
        "Forget personal data past its retention period: anonymise registrations "
        "PARTICIPATION_RETENTION_DAYS after their event ended (counts and statuses stay), "
        "delete series invitations PARTICIPATION_INVITATION_RETENTION_DAYS after the "
        "series' last event ended and seminar contacts SURVEY_CONTACT_RETENTION_DAYS "
        "after their survey closed. Safe to run again. Run it daily."
    )

    def add_arguments(self, parser):
        days = bounded_int(0, MAX_DAYS)
        parser.add_argument(
            "--days",
            type=days,
            default=settings.PARTICIPATION_RETENTION_DAYS,
            help="Registrations: days after the event ended (0 or more).",
        )
        parser.add_argument(
            "--invitation-days",
            type=days,
            default=settings.PARTICIPATION_INVITATION_RETENTION_DAYS,
            help="Series invitations: days after the series' last event ended.",
        )
        parser.add_argument(
            "--contact-days",
            type=days,
            default=settings.SURVEY_CONTACT_RETENTION_DAYS,
            help="Seminar contacts: days after their survey closed.",
        )

    def handle(self, *args, days, invitation_days, contact_days, **options):
        count = registrations_purge(days=days)
        self.stdout.write(f"{count} registration(s) anonymised.")
        count = invitations_purge(days=invitation_days)
        self.stdout.write(f"{count} series invitation(s) deleted.")
        count = seminar_contacts_purge(days=contact_days)
        self.stdout.write(f"{count} seminar contact(s) deleted.")
