"""Office documents built at test time (DOCX, XLSX, PPTX, ODT, ODS) with PII in every place they
can hold text: nothing of it may be left in ANY part of the output, embedded images are OCR'd,
the surrounding text survives, the file still opens, and unsafe files are refused."""

from __future__ import annotations

import io

import office_docs as od
import pytesseract
import pytest
from PIL import Image

from redactor import EncryptedFile, FileType, redact
from redactor.errors import TooLarge, UnsafeContent
from redactor.limits import Limits
from redactor.sniff import sniff


def _ocr(png: bytes) -> str:
    return pytesseract.image_to_string(Image.open(io.BytesIO(png)))


@pytest.fixture(scope="module")
def docx_result():
    data = od.docx()
    assert len(od.leaks(data, od.values(*od.DOCX_PLACES))) >= len(od.DOCX_PLACES)  # the input has them
    return data, redact(data)


def test_docx_no_value_left_in_any_part(docx_result) -> None:
    _, r = docx_result
    assert r.file_type is FileType.DOCX
    assert od.leaks(r.data, od.values(*od.DOCX_PLACES)) == []
    assert {"PERSON", "LT_PERSONAL_CODE", "EMAIL_ADDRESS", "IBAN_CODE", "PHONE_NUMBER"} <= set(r.counts())


def test_docx_values_split_over_runs_are_replaced_and_text_survives(docx_result) -> None:
    import docx

    _, r = docx_result
    doc = docx.Document(io.BytesIO(r.data))  # still a Word document (macro-enabled type switched)
    first = doc.paragraphs[0].text
    assert first == "Klientas [NAME], asmens kodas [LT PERSONAL CODE], el. paštas [EMAIL]."
    texts = [p.text for p in doc.paragraphs]
    assert od.KEEP in texts and "Komentuojamas tekstas" in texts
    assert doc.tables[0].cell(0, 0).text == "Telefonas"


def test_docx_macros_ole_metadata_and_authors_gone(docx_result) -> None:
    _, r = docx_result
    parts = od.unzip(r.data)
    assert not any("vbaProject" in n or "embeddings" in n or n.endswith(".bin") for n in parts)
    assert b"vbaProject" not in parts["word/_rels/document.xml.rels"]
    assert b"oleObject" not in parts["word/_rels/document.xml.rels"] + parts["[Content_Types].xml"]
    assert b"attachedTemplate" not in parts["word/_rels/document.xml.rels"]
    assert b"OLEObject" not in parts["word/document.xml"]
    assert "docProps/custom.xml" not in parts and b"custom.xml" not in parts["_rels/.rels"]
    assert b"macroEnabled" not in parts["[Content_Types].xml"]
    assert b'w:initials=""' in parts["word/comments.xml"]
    assert any("Macros were removed" in w for w in r.warnings)


def test_docx_embedded_image_is_ocrd_and_redacted(docx_result) -> None:
    data, r = docx_result
    before = _ocr(od.unzip(data)["word/media/image1.png"])
    assert "image.value@example.com" in before  # the test can fail: OCR reads the original
    after = _ocr(od.unzip(r.data)["word/media/image1.png"])
    assert "image.value" not in after and "example.com" not in after
    assert "HD-2026-0042" in after
    assert r.ocr_pages == 1


def test_xlsx_every_place_and_still_a_workbook() -> None:
    import openpyxl

    data = od.xlsx()
    r = redact(data)
    assert r.file_type is FileType.XLSX
    assert od.leaks(r.data, od.values(*od.XLSX_PLACES)) == []
    wb = openpyxl.load_workbook(io.BytesIO(r.data))
    ws = wb["Klientai"]
    assert ws["A2"].value == "Klientas [NAME]"
    assert ws["B2"].value == "[LT PERSONAL CODE]"  # a number cell became a text cell
    assert ws["A3"].value == od.KEEP and ws["D2"].value == 125
    assert wb["Slapta"].sheet_state == "hidden"
    assert ws.row_dimensions[5].hidden and ws.column_dimensions["F"].hidden
    img = next(v for n, v in od.unzip(r.data).items() if n.startswith("xl/media/"))
    assert "image.value" not in _ocr(img)


def test_pptx_every_place_and_still_a_presentation() -> None:
    import pptx

    data = od.pptx()
    assert od.leaks(data, od.values(*od.PPTX_PLACES))
    r = redact(data)
    assert r.file_type is FileType.PPTX
    assert od.leaks(r.data, od.values(*od.PPTX_PLACES) + ["RJ"]) == []
    prs = pptx.Presentation(io.BytesIO(r.data))
    texts = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert "Klientas [NAME]" in texts
    assert any(od.KEEP in t for t in texts)


@pytest.mark.parametrize(("build", "places", "ftype"), [
    (od.odt, od.ODT_PLACES, FileType.ODT), (od.ods, od.ODS_PLACES, FileType.ODS)])
def test_odf_every_place(build, places, ftype) -> None:
    from odf import teletype
    from odf import text as odf_text
    from odf.opendocument import load

    data = build()
    assert sniff(data) is ftype
    r = redact(data)
    assert r.file_type is ftype
    assert od.leaks(r.data, od.values(*places)) == []
    parts = od.unzip(r.data)
    assert list(parts)[0] == "mimetype"
    doc = load(io.BytesIO(r.data))
    texts = [teletype.extractText(p) for p in doc.getElementsByType(odf_text.P)]
    assert od.KEEP in texts and "Klientas [NAME]" in " ".join(texts)
    if ftype is FileType.ODS:
        assert b'office:value="38703181745"' not in parts["content.xml"]
        assert b'office:value="125"' in parts["content.xml"]  # a number that is not personal stays
    else:
        assert "image.value" not in _ocr(parts["Pictures/image.png"])


def test_encrypted_ooxml_is_refused() -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(od.docx(macros=False, image=False))).encrypt("secret", out)
    with pytest.raises(EncryptedFile) as exc:
        redact(out.getvalue())
    assert "password" in exc.value.message


def test_macro_addin_is_refused() -> None:
    parts = od.unzip(od.xlsx())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.addin.macroEnabled.main+xml")
    parts["xl/vbaProject.bin"] = b"macro"
    with pytest.raises(UnsafeContent):
        redact(od.zip_bytes(parts))


def test_zip_bomb_member_is_refused() -> None:
    parts = od.unzip(od.docx(macros=False, image=False))
    parts["word/media/bomb.xml"] = b"<a>" + b" " * (60 << 20) + b"</a>"
    with pytest.raises(TooLarge):
        redact(od.zip_bytes(parts))
    with pytest.raises(TooLarge):
        redact(od.docx(macros=False, image=False), limits=Limits(max_members=5))


def test_xml_entities_are_refused() -> None:
    parts = od.unzip(od.docx(macros=False, image=False))
    parts["word/header1.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                                 b"<x>&b;</x>")
    with pytest.raises(Exception) as exc:
        redact(od.zip_bytes(parts))
    assert exc.value.code == "corrupt_file"


def test_images_of_embedded_files_count_against_the_page_limit() -> None:
    from redactor.errors import TooManyPages

    parts = od.unzip(od.docx(macros=False))
    for i in range(2, 5):
        parts[f"word/media/image{i}.png"] = od.image_png("extra")
    with pytest.raises(TooManyPages):
        redact(od.zip_bytes(parts), limits=Limits(max_pages=2))


def test_unknown_embedded_file_is_dropped_with_its_relationship() -> None:
    parts = od.unzip(od.docx(macros=False, image=False))
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", '<Relationship Id="rIdX" Type="http://x/package" Target="stuff/data.dat"/>'
        "</Relationships>")
    parts["word/stuff/data.dat"] = b"payload " + od.addr("unknown").encode()
    r = redact(od.zip_bytes(parts))
    out = od.unzip(r.data)
    assert "word/stuff/data.dat" not in out and b"rIdX" not in out["word/_rels/document.xml.rels"]
    assert od.leaks(r.data, od.values("unknown")) == []


def test_docx_document_variables_are_removed() -> None:
    parts = od.unzip(od.docx(macros=False, image=False))
    w = od.W
    parts["word/settings.xml"] = (f'<w:settings xmlns:w="{w}"><w:docVars><w:docVar w:name="Klientas" '
                                  f'w:val="{od.addr("docvar")}"/></w:docVars></w:settings>')
    r = redact(od.zip_bytes(parts))
    assert od.leaks(r.data, od.values("docvar")) == []
    assert b"docVars" in od.unzip(r.data)["word/settings.xml"]
