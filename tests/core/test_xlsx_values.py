"""Every kind of value comes out of the xlsx writer as what it was, readable by Excel."""

import datetime as dt
import enum
import io
import uuid
from decimal import Decimal

from django.test import override_settings
from openpyxl import load_workbook

from core.exports import xlsx_response


class Size(enum.IntEnum):
    LARGE = 3


def _workbook(sheets):
    response = xlsx_response("x.xlsx", sheets)
    content = b"".join(response.streaming_content)
    response.file_to_stream.close()
    return load_workbook(io.BytesIO(content))


def test_values_keep_their_kind_and_text_its_characters():
    some_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    row = [
        None,
        "",
        True,
        False,
        7,
        Decimal("2.5"),
        1.25,
        float("nan"),
        float("-inf"),
        dt.date(2026, 12, 3),
        dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC),
        "Ærø & Åse <b>fed</b> > 3",
        "klokke\x07slag",
        Size.LARGE,
        some_id,
    ]
    header = [f"k{n}" for n in range(len(row))]
    with_timezone = dt.datetime(2026, 12, 3, 10, 30)  # 09:30 UTC in Copenhagen
    with override_settings(TIME_ZONE="Europe/Copenhagen"):
        sheet = _workbook([("Svar", header, [row])])["Svar"]
    values = [cell.value for cell in sheet[2]]
    assert values[:9] == [None, None, True, False, 7, 2.5, 1.25, "nan", "-inf"]
    assert values[9] == dt.datetime(2026, 12, 3, 0, 0)
    assert values[10] == with_timezone
    assert sheet["J2"].number_format == "mm-dd-yy" and sheet["K2"].number_format == (
        "yyyy-mm-dd hh:mm"
    )
    assert values[11:] == ["Ærø & Åse <b>fed</b> > 3", "klokkeslag", 3, str(some_id)]
    assert [sheet.cell(row=2, column=n).data_type for n in (3, 5, 14)] == ["b", "n", "n"]


def test_wide_sheets_get_excel_column_names_and_sheet_titles_excel_accepts():
    header = [f"kolonne {n}" for n in range(1, 31)]
    workbook = _workbook(
        [
            ("Svar: 2026/27 [udkast]", header, [list(range(1, 31))]),
            ("Svar: 2026/27 [udkast]", ["a"], [["b"]]),
            ("", ["a"], []),
            ("Et meget langt navn på et ark, længere end Excel tillader", ["a"], []),
        ]
    )
    assert workbook.sheetnames == [
        "Svar 2026 27 udkast",
        "Svar 2026 27 udkast 2",
        "Sheet",
        "Et meget langt navn på et ark…",  # cut at a word, not inside one
    ]
    sheet = workbook.worksheets[0]
    assert sheet["Z1"].value == "kolonne 26" and sheet["AD1"].value == "kolonne 30"
    assert sheet["AD2"].value == 30
