"""Streaming CSV and Excel writers shared by every export in the admin.

An exporter produces a header and then rows (any iterable, ideally a streaming
queryset); these helpers turn that into a download without holding the rows in
memory: both formats send their first bytes before the last row is read, and a
worker's memory stays flat however many rows there are.

Every text cell of both formats passes through `spreadsheet_text`, the one place
that makes a stored string safe for a spreadsheet: characters XML cannot hold
(control characters, lone surrogates, U+FFFE, U+FFFF: one of them makes Excel
refuse the whole file) are removed, and a text cell is never executed by Excel.

- CSV: UTF-8 with a byte-order mark (so Excel shows æøå), comma- or
  semicolon-separated. Text cells go through defusedcsv's escaping, which prefixes
  cells starting with =, +, -, @, | or % with a quote character (and a tab or a
  carriage return, OWASP's other two, get the same quote here); rows are written
  by the standard library's C writer.
- XLSX: a small streaming writer (below) that writes the sheet XML row by row into
  a zip stream as it is downloaded: text cells are inline strings (never formulas),
  numbers are numbers, dates are dates. openpyxl's write-only mode was ten times
  slower and sent nothing until the whole file was built.
"""

import csv
import datetime as dt
import os
import re
import tempfile
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from urllib.parse import quote

from anyascii import anyascii
from defusedcsv.csv import _escape as defused_escape
from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.hostile_input import text_clean

CSV_DELIMITERS = {"comma": ",", "semicolon": ";"}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
CHUNK_ROWS = 500
# First characters that make a spreadsheet treat a cell as a formula (defusedcsv's list),
# and the two more of OWASP's list that defusedcsv leaves alone (a tab, a carriage return).
_RISKY_FIRST = frozenset("@+-=|%")
_RISKY_SPACE = frozenset("\t\r")
# Excel's limit for one cell.
EXCEL_CELL_MAX = 32_767
_PLAIN = (bool, int, float, Decimal, dt.date)  # written as they are (dt.datetime is a date)


class _Echo:
    """A file-like object whose write() returns the text, for csv.writer."""

    def write(self, value):
        return value


def spreadsheet_text(value, *, formula_guard: bool = True) -> str:
    """Any stored string, made safe for a CSV or XLSX cell.

    Characters XML cannot hold are removed (text_clean), and text beyond Excel's
    32,767 characters per cell is cut off (Excel reports a longer cell as corrupt).
    With `formula_guard`, a text starting with =, +, -, @, |, %, a tab or a carriage
    return gets defusedcsv's quote prefix, so a spreadsheet shows it instead of
    computing it. (XLSX cells are inline strings, never formulas, and need no prefix.)
    """
    text = text_clean(str(value))[:EXCEL_CELL_MAX]
    if not formula_guard:
        return text
    if text[:1] in _RISKY_SPACE:
        return "'" + text
    return defused_escape(text) if text[:1] in _RISKY_FIRST else text


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # As a person reads it, to the minute (the xlsx cell is a real date and time).
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, _PLAIN):
        return value
    return spreadsheet_text(value)


def csv_lines(header: Sequence, rows: Iterable[Sequence], *, delimiter: str = ",") -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=delimiter)
    # The header leaves at once, on its own: the download starts before the
    # database has produced a row.
    yield BOM + writer.writerow([_csv_cell(v) for v in header])
    buffer = []
    for row in rows:
        buffer.append(writer.writerow([_csv_cell(v) for v in row]))
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
    response["Content-Disposition"] = content_disposition(filename)
    return response


# --- File names -----------------------------------------------------------------------


def export_filename(name: str, variant: str, extension: str, *, day: dt.date | None = None) -> str:
    """`<name>-<variant>-<YYYY-MM-DD>.<ext>`, e.g. `beboerundersogelse-labels-2026-12-03.csv`.

    `name` is the survey's or event's slug; the date is today's in the site's time
    zone, so two downloads of one day's data carry one name and another day's another.
    """
    day = day or timezone.localdate()
    name = _ascii_name(name) or "export"
    return f"{name}-{variant}-{day.isoformat()}.{extension}"


def _ascii_name(text: str) -> str:
    text = anyascii(text_clean(str(text))).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def content_disposition(filename: str) -> str:
    """An attachment header every browser reads: a plain ASCII `filename` for old
    clients and `filename*` (RFC 6266/5987) with the exact UTF-8 name for the rest."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    ascii_name = (_ascii_name(stem) or "export") + (f".{_ascii_name(extension)}" if dot else "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def rows_in_language(rows: Iterable, language: str) -> Iterator:
    """The rows, each produced with `language` active.

    A streamed download is read after the view has returned (under ASGI in another
    thread), when the request's language may no longer be the active one; rows
    that translate a value (a status, "yes") are made in the export's language.
    """
    rows = iter(rows)
    while True:
        with translation.override(language):
            try:
                row = next(rows)
            except StopIteration:
                return
        yield row


# --- XLSX ---------------------------------------------------------------------------

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_STYLE_DATE, _STYLE_DATETIME = 1, 2
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
_SHEET_TAIL = b"</sheetData></worksheet>"
_STATIC_PARTS = {
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _column_letters(count: int) -> list[str]:
    letters = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _xml_text(text: str) -> str:
    text = spreadsheet_text(text, formula_guard=False)
    # A carriage return as a reference: XML would read a bare one back as a line feed.
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _xlsx_cell(ref: str, value) -> str:
    kind = type(value)
    if kind is str:
        if not value:
            return ""  # an empty cell, as openpyxl wrote it
        # An inline string is always text: "=SUM(A1)" stays the text it was.
        text = _xml_text(value)
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if kind is int or kind is float or kind is Decimal:
        if kind is float and (value != value or value in (float("inf"), float("-inf"))):
            return _xlsx_cell(ref, str(value))
        return f'<c r="{ref}"><v>{value}</v></c>'
    if value is None:
        return ""
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - _EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{_STYLE_DATETIME}"><v>{serial}</v></c>'
    if isinstance(value, dt.date):
        serial = (value - _EXCEL_EPOCH.date()).days
        return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{serial}</v></c>'
    if isinstance(value, int):  # subclasses: IntEnum, ...
        return _xlsx_cell(ref, int(value))
    if isinstance(value, float):
        return _xlsx_cell(ref, float(value))
    return _xlsx_cell(ref, str(value))  # lazy translations, UUIDs, anything else


class _Sink:
    """Where the zip stream writes; the generator hands out what has piled up."""

    def __init__(self):
        self.chunks = []
        self.size = 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks, self.size = [], 0
        return data


def _sheet_title(title: str, taken: set) -> str:
    # Excel refuses these characters in sheet names, and names over 31 characters.
    title = re.sub(r"[\[\]:*?/\\]", " ", text_clean(str(title)))
    title = re.sub(r"\s+", " ", title).strip().strip("'")
    if len(title) > 31:
        # Cut at a word, never inside one, and say that something was left out.
        cut = title[:30]
        if title[30] != " " and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        title = cut.rstrip(" -,.;") + "…"
    title = title or "Sheet"
    base, n = title, 1
    while title.lower() in taken:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(title.lower())
    return title


def xlsx_chunks(
    sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]], *, flush_bytes: int = 64 * 1024
) -> Iterator[bytes]:
    """The bytes of an .xlsx file of (title, header, rows) sheets, produced row by row."""
    sink = _Sink()
    titles = []
    taken = set()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for number, (title, header, rows) in enumerate(sheets, start=1):
            titles.append(_sheet_title(title, taken))
            with book.open(f"xl/worksheets/sheet{number}.xml", "w") as sheet:
                sheet.write(_SHEET_HEAD)
                letters = _column_letters(len(header))
                buffer = []
                for r, row in enumerate(chain([header], rows), start=1):
                    if len(row) > len(letters):
                        letters = _column_letters(len(row))
                    cells = "".join([_xlsx_cell(f"{letters[i]}{r}", v) for i, v in enumerate(row)])
                    buffer.append(f'<row r="{r}">{cells}</row>')
                    if len(buffer) >= CHUNK_ROWS:
                        sheet.write("".join(buffer).encode())
                        buffer = []
                        if sink.size >= flush_bytes:
                            yield sink.take()
                sheet.write("".join(buffer).encode())
                sheet.write(_SHEET_TAIL)
            yield sink.take()
        for name, text in {**_STATIC_PARTS, **_workbook_parts(titles)}.items():
            book.writestr(name, text)
    yield sink.take()


def _workbook_parts(titles: list[str]) -> dict[str, str]:
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheets = "".join(
        f'<sheet name="{_xml_text(t).replace(chr(34), "&quot;")}" sheetId="{n}" r:id="rId{n}"/>'
        for n, t in enumerate(titles, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(titles) + 1)
    )
    styles_id = len(titles) + 1
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(titles) + 1)
    )
    return {
        "xl/workbook.xml": (
            f'{head}<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f"{head}<Relationships "
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{sheet_rels}<Relationship Id="rId{styles_id}" Type="{rel}/styles" '
            'Target="styles.xml"/></Relationships>'
        ),
        "[Content_Types].xml": (
            f"{head}<Types "
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
    }


class _StreamReader:
    """A read()-able view of a generator of bytes, for FileResponse."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks

    def read(self, size=-1) -> bytes:
        for chunk in self._chunks:
            if chunk:
                return chunk
        return b""

    def close(self):
        self._chunks.close()


def xlsx_response(filename: str, sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]):
    """An .xlsx download, written while it is sent: no temporary file, flat memory."""
    response = FileResponse(
        _StreamReader(xlsx_chunks(sheets)),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response


# The file formats an export view accepts in its URL, with the CSV delimiter (None: Excel).
FILE_FORMATS = {"csv": ",", "csv-semicolon": ";", "xlsx": None}


def export_format_bad_request() -> HttpResponseBadRequest:
    """The answer to an export asked for in a format that does not exist (400, not a 500).

    The requested name is not echoed back: it came from the address bar.
    """
    return HttpResponseBadRequest(
        gettext("Unknown file format. Choose one of: %(formats)s.")
        % {"formats": ", ".join(FILE_FORMATS)},
        content_type="text/plain; charset=utf-8",
    )


# --- SPSS (.sav) and Stata (.dta) --------------------------------------------------------

# The formats written by pyreadstat (ReadStat), with variable and value labels.
STATISTICS_FORMATS = {"sav": "application/x-spss-sav", "dta": "application/x-stata-dta"}
NAME_MAX = 32  # Stata's limit for a variable name (SPSS allows 64 bytes): one name fits both
# Words neither program accepts as a variable name.
_RESERVED_NAMES = {
    *("all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"),
    *("_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long"),
    *("_n", "_pi", "_pred", "_rc", "_skip", "strl", "using"),
}
# Label limits: SPSS counts bytes (and cuts silently, even inside a letter), Stata
# counts characters (and refuses a longer variable label).
_LABEL_LIMITS = {
    "sav": {"file": (64, "bytes"), "variable": (256, "bytes"), "value": (120, "bytes")},
    "dta": {"file": (80, "chars"), "variable": (80, "chars"), "value": (32_000, "bytes")},
}
_SAV_STRING_MAX = 32_767  # bytes in one SPSS string value


@dataclass
class Variable:
    """One column of an SPSS or Stata file."""

    name: str
    label: str
    kind: str  # "number" (codes, 0/1, scale values, numbers), "text" or "date"
    value_labels: dict[int, str] = field(default_factory=dict)
    measure: str = "unknown"  # SPSS's level: "nominal", "ordinal" or "scale"


def statistics_names(names: Iterable[str]) -> list[str]:
    """Column names both SPSS and Stata accept, each unique (ignoring case).

    Letters, digits and underscores, starting with a letter, at most 32 characters,
    no reserved word: `q-1` becomes `q_1`, `1a` becomes `v_1a`, `to` becomes `v_to`.
    """
    out, taken = [], set()
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_]", "_", anyascii(str(name)))
        if (
            not base[:1].isalpha()
            or base.lower() in _RESERVED_NAMES
            or re.fullmatch(r"str\d+", base.lower())
        ):
            base = "v_" + base
        base = base[:NAME_MAX]
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base[: NAME_MAX - len(str(n)) - 1]}_{n}"
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _fit(text: str, limit: tuple[int, str]) -> str:
    size, unit = limit
    text = text_clean(str(text))
    if unit == "chars":
        return text[:size]
    # Cut at a whole letter: æ, ø and å are two bytes in UTF-8.
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def statistics_file_write(
    path: str,
    *,
    file_format: str,
    variables: Sequence[Variable],
    rows: Iterable[Sequence],
    file_label: str = "",
) -> int:
    """Writes rows to an SPSS or Stata file at `path`; returns the number of rows.

    ReadStat writes a whole data frame at once, so the rows are collected first, in
    compact columns: 8 bytes per number (a missing one is NaN, "system missing"),
    and a string per text. Free text is kept as it was typed (neither program runs
    formulas); a missing text is the empty string.
    """
    # Imported here: only an export to SPSS or Stata needs them (and their memory).
    import numpy as np
    import pandas as pd
    import pyreadstat

    limits = _LABEL_LIMITS[file_format]
    columns = [array("d") if v.kind == "number" else [] for v in variables]
    nan = float("nan")
    count = 0
    for row in rows:
        count += 1
        for store, variable, value in zip(columns, variables, row, strict=True):
            if variable.kind == "number":
                store.append(nan if value is None else float(value))
            elif variable.kind == "text":
                text = "" if value is None else text_clean(str(value))
                if file_format == "sav":
                    text = _fit(text, (_SAV_STRING_MAX, "bytes"))
                store.append(text)
            else:
                store.append(value)
    frame = pd.DataFrame(
        {
            v.name: (
                np.frombuffer(store, dtype=np.float64)
                if v.kind == "number"
                else pd.Series(store, dtype=object)
            )
            for v, store in zip(variables, columns, strict=True)
        }
    )
    del columns
    column_labels = {v.name: _fit(v.label, limits["variable"]) for v in variables}
    value_labels = {
        v.name: {
            float(code): _fit(label, limits["value"]) for code, label in v.value_labels.items()
        }
        for v in variables
        if v.value_labels
    }
    label = _fit(file_label, limits["file"])
    if file_format == "sav":
        pyreadstat.write_sav(
            frame,
            path,
            file_label=label,
            column_labels=column_labels,
            variable_value_labels=value_labels,
            variable_measure={v.name: v.measure for v in variables if v.measure != "unknown"},
            variable_format={v.name: "F11.0" for v in variables if v.kind == "number"},
        )
    else:
        pyreadstat.write_dta(
            frame,
            path,
            file_label=label,
            column_labels=column_labels,
            variable_value_labels=value_labels,
        )
    return count


def statistics_response(
    filename: str,
    *,
    file_format: str,
    variables: Sequence[Variable],
    rows: Iterable[Sequence],
    file_label: str = "",
    counted: Callable[[int], None] | None = None,
) -> FileResponse:
    """An SPSS or Stata download: written to a temporary file, then streamed from it.

    The file's name is removed at once (the open file stays readable), so nothing is
    left behind in the temporary folder, whether the download finishes or not.
    """
    fd, path = tempfile.mkstemp(prefix="export-", suffix=f".{file_format}")
    os.close(fd)
    try:
        count = statistics_file_write(
            path, file_format=file_format, variables=variables, rows=rows, file_label=file_label
        )
        handle = open(path, "rb")  # FileResponse closes it once sent
    finally:
        os.unlink(path)
    if counted is not None:
        counted(count)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=STATISTICS_FORMATS[file_format]
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response
