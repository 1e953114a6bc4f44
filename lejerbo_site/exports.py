"""Streaming CSV and Excel writers shared by every export in the admin.

An exporter produces a header and then rows (any iterable, ideally a streaming
queryset); these helpers turn that into a download without holding the rows in
memory. Both neutralise spreadsheet formulas: a text cell that starts with
=, +, -, @, tab or carriage return is never executed by Excel.

- CSV: UTF-8 with a byte-order mark (so Excel shows æøå), comma- or
  semicolon-separated, written through defusedcsv, which prefixes such cells
  with a quote character.
- XLSX: openpyxl's write-only mode into a temporary file, every text cell typed
  as a string, so "=SUM(A1)" stays the text it was; numbers stay numbers.
"""

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from defusedcsv import csv
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_DELIMITERS = {"comma": ",", "semicolon": ";"}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
CHUNK_ROWS = 500


class _Echo:
    """A file-like object whose write() returns the text, for csv.writer."""

    def write(self, value):
        return value


def csv_lines(header: Sequence, rows: Iterable[Sequence], *, delimiter: str = ",") -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=delimiter)
    buffer = [BOM + writer.writerow(header)]
    for row in rows:
        buffer.append(writer.writerow(["" if v is None else v for v in row]))
        if len(buffer) >= CHUNK_ROWS:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def csv_response(
    filename: str, header: Sequence, rows: Iterable[Sequence], *, delimiter: str = ","
):
    """A streamed CSV download; the first bytes leave before the last row is read."""
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in csv_lines(header, rows, delimiter=delimiter)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
    if isinstance(cell.value, str):
        # openpyxl would store "=..." as a live formula; force a plain text cell.
        cell.data_type = "s"
    return cell


def write_xlsx(fileobj, sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]):
    """Write (title, header, rows) sheets in openpyxl's constant-memory mode."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([xlsx_cell(sheet, v) for v in header])
        for row in rows:
            sheet.append([xlsx_cell(sheet, v) for v in row])
    workbook.save(fileobj)


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]):
    """An .xlsx download built in a temporary file (not memory) and streamed from it."""
    spool = tempfile.TemporaryFile()
    write_xlsx(spool, sheets)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
