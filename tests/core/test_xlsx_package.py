"""The .xlsx file is a valid OOXML package, not just something openpyxl forgives.

openpyxl opens a workbook with a wrong namespace, a missing content type or a
dangling relationship; Excel refuses it ("We found a problem with some content")
or repairs it away. These checks follow ECMA-376 part 2 (Open Packaging
Conventions): every part has its content type, every relationship points at a
part that exists, the workbook's sheets are exactly its worksheet relationships.
"""

import io
import posixpath
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from core.exports import XLSX_CONTENT_TYPE, xlsx_chunks, xlsx_response

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = {
    "/xl/workbook.xml": f"{SML}.sheet.main+xml",
    "/xl/styles.xml": f"{SML}.styles+xml",
    "/xl/worksheets/sheet1.xml": f"{SML}.worksheet+xml",
    "/xl/worksheets/sheet2.xml": f"{SML}.worksheet+xml",
    "/xl/worksheets/sheet3.xml": f"{SML}.worksheet+xml",
    "/_rels/.rels": "application/vnd.openxmlformats-package.relationships+xml",
    "/xl/_rels/workbook.xml.rels": "application/vnd.openxmlformats-package.relationships+xml",
}
TITLES = ["Svar", "Koder & e-mail", 'Sheet "3"']


def _book() -> zipfile.ZipFile:
    sheets = [
        (TITLES[0], ["a", "b"], [["1", 2], ["=x", None]]),
        (TITLES[1], ["c"], [[f"row {n}"] for n in range(1200)]),
        (TITLES[2], ["d"], []),
    ]
    return zipfile.ZipFile(io.BytesIO(b"".join(xlsx_chunks(sheets))))


@pytest.fixture(scope="module")
def book():
    return _book()


def _xml(book, name):
    return ElementTree.fromstring(book.read(name))


def _content_type(types, part: str) -> str | None:
    for override in types.findall(f"{{{CT}}}Override"):
        if override.get("PartName") == part:
            return override.get("ContentType")
    extension = part.rsplit(".", 1)[-1]
    for default in types.findall(f"{{{CT}}}Default"):
        if default.get("Extension").lower() == extension.lower():
            return default.get("ContentType")
    return None


def _relationships(book, name) -> dict[str, tuple[str, str]]:
    root = _xml(book, name)
    assert root.tag == f"{{{PKG_RELS}}}Relationships"
    rels = root.findall(f"{{{PKG_RELS}}}Relationship")
    ids = [r.get("Id") for r in rels]
    assert len(ids) == len(set(ids)), f"duplicate relationship ids in {name}"
    assert len(root) == len(rels), f"unknown elements in {name}"
    return {r.get("Id"): (r.get("Type"), r.get("Target")) for r in rels}


def _resolve(source: str, target: str) -> str:
    # A relationship target is relative to the folder of the part that owns the .rels file.
    base = posixpath.dirname(posixpath.dirname(source))
    return posixpath.normpath(posixpath.join(base, target))


def test_every_part_has_its_ooxml_content_type(book):
    types = _xml(book, "[Content_Types].xml")
    assert types.tag == f"{{{CT}}}Types"
    parts = {"/" + name for name in book.namelist() if name != "[Content_Types].xml"}
    assert parts == set(CONTENT_TYPES)
    assert {part: _content_type(types, part) for part in parts} == CONTENT_TYPES
    for override in types.findall(f"{{{CT}}}Override"):
        assert override.get("PartName") in parts, "a content type for a part that is not there"


def test_the_package_relationship_points_at_the_workbook(book):
    rels = _relationships(book, "_rels/.rels")
    assert list(rels.values()) == [(f"{DOC_RELS}/officeDocument", "xl/workbook.xml")]


def test_every_workbook_relationship_points_at_a_part_of_its_type(book):
    rels = _relationships(book, "xl/_rels/workbook.xml.rels")
    names = set(book.namelist())
    kinds = {}
    for rel_type, target in rels.values():
        part = _resolve("xl/_rels/workbook.xml.rels", target)
        assert part in names, f"relationship to a missing part: {target}"
        kinds[part] = rel_type
    assert kinds == {
        "xl/styles.xml": f"{DOC_RELS}/styles",
        "xl/worksheets/sheet1.xml": f"{DOC_RELS}/worksheet",
        "xl/worksheets/sheet2.xml": f"{DOC_RELS}/worksheet",
        "xl/worksheets/sheet3.xml": f"{DOC_RELS}/worksheet",
    }


def test_the_workbook_lists_each_sheet_once_in_order_by_its_relationship(book):
    workbook = _xml(book, "xl/workbook.xml")
    assert workbook.tag == f"{{{MAIN}}}workbook"
    (sheets,) = workbook.findall(f"{{{MAIN}}}sheets")
    rels = _relationships(book, "xl/_rels/workbook.xml.rels")
    listed = [
        (
            sheet.get("name"),
            sheet.get("sheetId"),
            _resolve("xl/_rels/workbook.xml.rels", rels[sheet.get(f"{{{DOC_RELS}}}id")][1]),
        )
        for sheet in sheets
    ]
    assert listed == [
        (TITLES[0], "1", "xl/worksheets/sheet1.xml"),
        (TITLES[1], "2", "xl/worksheets/sheet2.xml"),
        (TITLES[2], "3", "xl/worksheets/sheet3.xml"),
    ]
    worksheet_rels = {rid for rid, (kind, _t) in rels.items() if kind.endswith("/worksheet")}
    assert {sheet.get(f"{{{DOC_RELS}}}id") for sheet in sheets} == worksheet_rels


def test_the_worksheets_and_styles_are_in_the_spreadsheetml_namespace(book):
    for number, rows in ((1, 3), (2, 1201), (3, 1)):
        sheet = _xml(book, f"xl/worksheets/sheet{number}.xml")
        assert sheet.tag == f"{{{MAIN}}}worksheet"
        (data,) = sheet.findall(f"{{{MAIN}}}sheetData")
        assert [row.get("r") for row in data] == [str(r) for r in range(1, rows + 1)]
    styles = _xml(book, "xl/styles.xml")
    assert styles.tag == f"{{{MAIN}}}styleSheet"
    (cell_xfs,) = styles.findall(f"{{{MAIN}}}cellXfs")
    assert int(cell_xfs.get("count")) == len(cell_xfs) == 3


def test_every_xml_part_declares_utf8(book):
    for name in book.namelist():
        assert book.read(name).startswith(b'<?xml version="1.0" encoding="UTF-8"'), name


def test_openpyxl_reads_the_same_workbook():
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_chunks([("Svar", ["a"], [[1]])]))))
    assert workbook.sheetnames == ["Svar"]


def test_a_long_export_is_sent_in_pieces_of_bounded_size():
    # Written while it is sent: a piece goes out whenever about 64 KB have piled up.
    rows = ([f"person {n} " * 8, n] for n in range(20_000))
    pieces = [len(piece) for piece in xlsx_chunks([("Svar", ["tekst", "nr"], rows)])]
    assert len(pieces) > 3
    assert max(pieces) < 256 * 1024
    assert sum(pieces[:-1]) > 64 * 1024


def test_pieces_follow_the_flush_size_asked_for():
    rows = [[f"person {n} " * 8, n] for n in range(5000)]
    small = list(xlsx_chunks([("Svar", ["tekst"], rows)], flush_bytes=1))
    large = list(xlsx_chunks([("Svar", ["tekst"], rows)], flush_bytes=10**9))
    # Every few hundred rows (as the compressor lets go of them) when asked to flush
    # at once; only at the end of the sheet otherwise.
    assert len(small) > 3 >= len(large)
    sheet = "xl/worksheets/sheet1.xml"
    assert zipfile.ZipFile(io.BytesIO(b"".join(small))).read(sheet) == (
        zipfile.ZipFile(io.BytesIO(b"".join(large))).read(sheet)
    )


def test_the_download_is_an_xlsx_attachment_with_its_name():
    response = xlsx_response("svar 2031.xlsx", [("Svar", ["a"], [[1]])])
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert XLSX_CONTENT_TYPE == f"{SML}.sheet"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"svar-2031.xlsx\"; filename*=UTF-8''svar%202031.xlsx"
    )
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
