"""Move waiting invitation-code uses and seminar contacts to staff, in random batches.

Run by the scheduled job (e.g. every hour; see docs/privacy.md). Submissions flush
a survey's pool themselves once it holds SURVEY_MIN_GROUP_SIZE entries; this
command also flushes what is left of closed surveys, and anything a crashed or
busy process left behind. `--all` flushes every pool whatever its size: a batch
smaller than SURVEY_MIN_GROUP_SIZE pairs people with answers more easily, so use
it only when the invitation list is needed before the survey closes.
"""

from django.core.management.base import BaseCommand

from surveys import services


class Command(BaseCommand):
    help = "Flush the surveys' pool of code uses and seminar contacts in random batches."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="flush_all",
            help="Also flush pools smaller than SURVEY_MIN_GROUP_SIZE (weakens anonymity).",
        )

    def handle(self, *args, flush_all=False, **options):
        if flush_all:
            moved = services.pool_flush(remainder=True)
        else:
            moved = services.pool_flush_scheduled()
        self.stdout.write(f"{moved} entries flushed.")
