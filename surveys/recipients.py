"""Reading the recipient list staff upload for invitation codes (a CSV file).

The file needs a header row with an "email" column ("e-mail" is accepted too) and
may have an "organisation" column; other columns are ignored. It is read whole
before anything is stored: a file with a wrong line is refused with the number of
that line, so staff fix it and upload it again rather than wonder what got in.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.hostile_input import text_clean
from surveys.services import SurveyError

MAX_BYTES = 5 * 1024 * 1024
# Errors named in one message; the rest are counted.
MAX_REPORTED = 5
EMAIL_COLUMNS = ("email", "e-mail")
ORGANISATION_COLUMNS = ("organisation", "organization")


def _delimiter(header_line: str) -> str:
    # A one-column file has no delimiter at all: a comma is as good as any.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for index, name in enumerate(header):
        if name in names:
            return index
    return None


def recipients_parse(*, data: bytes) -> list[dict[str, str]]:
    """[{"email", "organisation"}] from the bytes of an uploaded CSV file.

    Raises SurveyError (translated, naming the line) when the file cannot be used.
    """
    if len(data) > MAX_BYTES:
        raise SurveyError(_("The file is too large (at most 5 MB)."))
    try:
        text = text_clean(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SurveyError(_("Save the file as UTF-8 and try again.")) from error
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise SurveyError(_("The file needs a header row with an “email” column."))
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    try:
        # (line number in the file, cells): a quoted cell may span lines.
        table = [(reader.line_num, cells) for cells in reader]
    except csv.Error as error:
        raise SurveyError(
            _("Line %(line)d cannot be read as CSV: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    header = [name.strip().lower() for name in table[0][1]]
    email_at = _column(header, EMAIL_COLUMNS)
    if email_at is None:
        raise SurveyError(_("The file needs a header row with an “email” column."))
    organisation_at = _column(header, ORGANISATION_COLUMNS)
    rows, errors = [], []
    for number, cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are nobody
        if len(cells) != len(header):
            errors.append(
                _("line %(line)d has %(found)d columns, the header has %(expected)d")
                % {"line": number, "found": len(cells), "expected": len(header)}
            )
            continue
        email = cells[email_at].strip()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("line %(line)d: “%(email)s” is not an e-mail address")
                % {"line": number, "email": email[:80]}
            )
            continue
        organisation = cells[organisation_at].strip() if organisation_at is not None else ""
        rows.append({"email": email, "organisation": organisation})
    if errors:
        shown = "; ".join(errors[:MAX_REPORTED])
        more = len(errors) - MAX_REPORTED
        if more > 0:
            shown += " " + ngettext("(and %(n)d more line)", "(and %(n)d more lines)", more) % {
                "n": more
            }
        raise SurveyError(
            _("Nothing was imported. Please correct the file: %(errors)s.") % {"errors": shown}
        )
    return rows
