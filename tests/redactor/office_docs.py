"""Helpers (for tests/redactor) that build office documents, mail and archives at test time.

Every place a document can hold text gets its own e-mail address ``<place>.value@example.com``
(always detected, whatever the context), so a place the redactor does not reach leaves its own
address behind. Names and codes with context ("Klientas Jonas Petraitis", "asmens kodas ...") are
spread over runs, cells and parts.
"""

from __future__ import annotations

import io
import zipfile

from redactor_docs import render_image

CODE = "38703181745"  # a valid Lithuanian personal code
IBAN = "LT12 1000 0111 0100 1000"
PHONE = "+370 612 34567"
NAME = "Petraitis"
AUTHOR = "Jankauskienė"
KEEP = "Sutarties numeris HD-2026-0042"


def addr(place: str) -> str:
    return f"{place}.value@example.com"


def values(*places: str) -> list[str]:
    return [addr(p) for p in places] + [f"{p}.value" for p in places] + [CODE, NAME, AUTHOR, "612 34567",
                                                                        "1000 0111"]


def image_png(place: str) -> bytes:
    return render_image([f"El. paštas {addr(place)}", KEEP], size=(900, 160), fontsize=26)


def zip_bytes(parts: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def leaks(data: bytes, needles: list[str]) -> list[tuple[str, str]]:
    """(part, needle) for every needle found in any member of a ZIP (or in the bytes)."""
    parts = unzip(data) if data[:2] == b"PK" else {"": data}
    found = []
    for name, raw in parts.items():
        text = raw.decode("utf-8", "replace")
        for n in needles:
            if n in text or n.encode() in raw:
                found.append((name, n))
    return found


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS = (f'xmlns:w="{W}" xmlns:r="{R}" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
       'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')
DOCX_PLACES = ("split", "ins", "del", "comment", "footnote", "header", "footer", "table", "alt", "alttitle",
               "pic", "field", "link", "textbox", "core", "app", "custom", "customxml", "ole")


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx(*, macros: bool = True, image: bool = True) -> bytes:
    """A Word document with PII in every place a DOCX can hold it (see :data:`DOCX_PLACES`)."""
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Klientas Jonas </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
        '<w:t>Petrai</w:t></w:r><w:r><w:t xml:space="preserve">tis, asmens kodas 387031</w:t></w:r>'
        '<w:r><w:t xml:space="preserve">81745, el. paštas split.val</w:t></w:r><w:r><w:rPr><w:i/></w:rPr>'
        '<w:t>ue@example.com.</w:t></w:r></w:p>'
        + _p(KEEP)
        + f'<w:p><w:ins w:id="1" w:author="Rūta {AUTHOR}" w:date="2026-01-01T00:00:00Z"><w:r>'
        f'<w:t>Įrašyta {addr("ins")}</w:t></w:r></w:ins><w:del w:id="2" w:author="Rūta {AUTHOR}" '
        f'w:date="2026-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">Ištrinta {addr("del")} IBAN '
        f'{IBAN}</w:delText></w:r></w:del></w:p>'
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Komentuojamas tekstas</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'
        '<w:p><w:r><w:t>Pastaba</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Telefonas</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>'
        f'<w:t>{PHONE}, {addr("table")}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>rašykite mums</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>'
        + _p(f"Teksto laukas {addr('textbox')}")
        + '</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK '
        f'"mailto:{addr("field")}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>nuoroda</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="Package" r:id="rIdOle"/></w:object></w:r></w:p>'
    )
    if image:
        body += (
            '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="900000"/>'
            f'<wp:docPr id="1" name="Picture 1" descr="Nuotrauka {addr("alt")}" title="{addr("alttitle")}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="img" descr="{addr("pic")}"/><pic:cNvPicPr/>'
            '</pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg"/></pic:blipFill><pic:spPr/></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_NS}><w:body>{body}'
                '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
                '<w:footerReference w:type="default" r:id="rIdF"/></w:sectPr></w:body></w:document>')
    rels = [("rIdH", "header", "header1.xml", ""), ("rIdF", "footer", "footer1.xml", ""),
            ("rIdC", "comments", "comments.xml", ""), ("rIdFn", "footnotes", "footnotes.xml", ""),
            ("rIdOle", "oleObject", "embeddings/oleObject1.bin", ""),
            ("rIdLink", "hyperlink", f"mailto:{addr('link')}", "External"),
            ("rIdTpl", "attachedTemplate", "file:///C:/Users/template/t.dotm", "External")]
    if image:
        rels.append(("rIdImg", "image", "media/image1.png", ""))
    if macros:
        rels.append(("rIdVba", "vbaProject", "vbaProject.bin", ""))
    rel_xml = "".join(
        f'<Relationship Id="{i}" Type="{RT}/{t}" Target="{tg}"' + (f' TargetMode="{m}"' if m else "") + "/>"
        for i, t, tg, m in rels)
    main = ("application/vnd.ms-word.document.macroEnabled.main+xml" if macros else
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/><Default Extension="bin" ContentType='
            '"application/vnd.openxmlformats-officedocument.oleObject"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
            f'<Override PartName="/word/comments.xml" ContentType="{wml}.comments+xml"/>'
            f'<Override PartName="/word/footnotes.xml" ContentType="{wml}.footnotes+xml"/>'
            f'<Override PartName="/word/header1.xml" ContentType="{wml}.header+xml"/>'
            f'<Override PartName="/word/footer1.xml" ContentType="{wml}.footer+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
            'core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PR}">'
            f'<Relationship Id="r1" Type="{RT}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="r2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="r3" Type="{RT}/extended-properties" Target="docProps/app.xml"/>'
            f'<Relationship Id="r4" Type="{RT}/custom-properties" Target="docProps/custom.xml"/>'
            '</Relationships>'),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PR}">'
                                         f'{rel_xml}</Relationships>'),
        "word/comments.xml": (f'<w:comments {_NS}><w:comment w:id="0" w:author="Rūta {AUTHOR}" w:initials="RJ">'
                              + _p(f"Komentaras {addr('comment')}") + "</w:comment></w:comments>"),
        "word/footnotes.xml": (f'<w:footnotes {_NS}><w:footnote w:id="1">'
                               + _p(f"Išnaša {addr('footnote')}") + "</w:footnote></w:footnotes>"),
        "word/header1.xml": f'<w:hdr {_NS}>' + _p(f"Antraštė {addr('header')}") + "</w:hdr>",
        "word/footer1.xml": f'<w:ftr {_NS}>' + _p(f"Poraštė {addr('footer')}") + "</w:ftr>",
        "word/embeddings/oleObject1.bin": f"OLE {addr('ole')}".encode(),
        "customXml/item1.xml": f"<root><client>{addr('customxml')}</client></root>",
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-'
            'properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Rūta '
            f'{AUTHOR}</dc:creator><dc:title>{addr("core")}</dc:title></cp:coreProperties>'),
        "docProps/app.xml": ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                             f'extended-properties"><Company>{addr("app")}</Company></Properties>'),
        "docProps/custom.xml": (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property '
            f'fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Klientas"><vt:lpwstr>'
            f'{addr("custom")}</vt:lpwstr></property></Properties>'),
    }
    if image:
        parts["word/media/image1.png"] = image_png("image")
    if macros:
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro code Sub AutoOpen()"
    return zip_bytes(parts)
