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
        '<w:tbl><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid><w:tr><w:tc>'
        '<w:p><w:r><w:t>Telefonas</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>'
        f'<w:t>{PHONE}, {addr("table")}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>rašykite mums</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>'
        + _p(f"Teksto laukas {addr('textbox')}")
        + '</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK '
        f'"mailto:{addr("field")}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>nuoroda</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="Package" r:id="rIdOle"/></w:object>'
        '</w:r></w:p>'
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
            'openxmlformats-officedocument.extended-properties+xml"/>'
            '<Override PartName="/docProps/custom.xml"'
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
        "word/comments.xml": (f'<w:comments {_NS}><w:comment w:id="0" w:author="Rūta {AUTHOR}" '
                              'w:initials="RJ">'
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


XLSX_PLACES = ("cell", "hiddenrow", "hiddencol", "hiddensheet", "comment", "definedname", "dvone", "dvtwo",
               "dvprompt", "formula", "chartcache", "core", "inline")


def xlsx(rows: int = 0) -> bytes:
    """A workbook with PII in every place an XLSX can hold it (see :data:`XLSX_PLACES`)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image as XlImage
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Klientai"
    ws.append(["Vardas", "Asmens kodas", "El. paštas", "Suma"])
    ws.append(["Klientas Jonas Petraitis", int(CODE), addr("cell"), 125])
    ws.append([KEEP, None, None, 17])
    ws["A5"] = addr("hiddenrow")
    ws.row_dimensions[5].hidden = True
    ws["F1"] = addr("hiddencol")
    ws.column_dimensions["F"].hidden = True
    ws["A6"] = f'="{addr("formula")}"'
    ws["A1"].comment = Comment(f"Komentaras {addr('comment')}", f"Rūta {AUTHOR}")
    dv = DataValidation(type="list", formula1=f'"{addr("dvone")},{addr("dvtwo")}"', prompt=addr("dvprompt"))
    ws.add_data_validation(dv)
    dv.add("C10")
    wb.defined_names["kontaktas"] = DefinedName("kontaktas", attr_text=f'"{addr("definedname")}"')
    for i in range(rows):
        ws.append([f"Klientas Vardenis{i} Pavardenis", 30000000000 + i, f"row{i}@example.com", i])
    hidden = wb.create_sheet("Slapta")
    hidden.sheet_state = "hidden"
    hidden.append([f"Tel. {PHONE}", addr("hiddensheet"), IBAN])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "H2")
    ws.add_image(XlImage(io.BytesIO(image_png("image"))), "H20")
    wb.properties.creator = f"Rūta {AUTHOR}"
    wb.properties.title = addr("core")
    buf = io.BytesIO()
    wb.save(buf)
    parts: dict[str, bytes | str] = dict(unzip(buf.getvalue()))
    chart_name = next(n for n in parts if n.startswith("xl/charts/chart"))
    xml = parts[chart_name].decode()
    xml = xml.replace("</c:f></c:strRef>", "</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>"
                      f"{addr('chartcache')}</c:v></c:pt></c:strCache></c:strRef>", 1)
    xml = xml.replace("</c:f></c:numRef>", "</c:f><c:numCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>"
                      f"{CODE}</c:v></c:pt></c:numCache></c:numRef>", 1)
    parts[chart_name] = xml
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("</sheetData>", '<row r="40"><c r="A40" t="inlineStr"><is><t>Inline '
                          f"{addr('inline')}</t></is></c></row></sheetData>", 1)
    parts["xl/worksheets/sheet1.xml"] = sheet
    return zip_bytes(parts)


PPTX_PLACES = ("slide", "table", "notes", "alt", "chartcat", "core", "comment")


def pptx() -> bytes:
    """A presentation with PII in every place a PPTX can hold it (see :data:`PPTX_PLACES`)."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    tf = slide.shapes.title.text_frame
    tf.text = "Klientas Jonas "
    run = tf.paragraphs[0].add_run()
    run.text = "Petraitis"
    run.font.bold = True
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame
    box.text = f"Asmens kodas {CODE}, el. paštas {addr('slide')}. {KEEP}"
    table = slide.shapes.add_table(1, 2, Inches(1), Inches(3), Inches(6), Inches(1)).table
    table.cell(0, 0).text = "Telefonas"
    table.cell(0, 1).text = f"{PHONE} {addr('table')}"
    pic = slide.shapes.add_picture(io.BytesIO(image_png("image")), Inches(1), Inches(4.2), Inches(7))
    pic._element.nvPicPr.cNvPr.set("descr", f"Nuotrauka {addr('alt')}")
    data = CategoryChartData()
    data.categories = [addr("chartcat"), "Kita"]
    data.add_series("Suma", (1.0, 2.0))
    slide2 = prs.slides.add_slide(prs.slide_layouts[5])
    slide2.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1), Inches(6), Inches(4), data)
    slide.notes_slide.notes_text_frame.text = f"Pastabos {addr('notes')} IBAN {IBAN}"
    prs.core_properties.author = f"Rūta {AUTHOR}"
    prs.core_properties.title = addr("core")
    buf = io.BytesIO()
    prs.save(buf)
    parts: dict[str, bytes | str] = dict(unzip(buf.getvalue()))
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    parts["ppt/commentAuthors.xml"] = (f'<p:cmAuthorLst xmlns:p="{p}"><p:cmAuthor id="0" '
                                       f'name="Rūta {AUTHOR}" '
                                       'initials="RJ" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>')
    parts["ppt/comments/comment1.xml"] = (f'<p:cmLst xmlns:p="{p}"><p:cm authorId="0" idx="1"><p:pos x="10" '
                                          f'y="10"/><p:text>Komentaras {addr("comment")}</p:text></p:cm>'
                                          '</p:cmLst>')
    return zip_bytes(parts)


ODT_PLACES = ("split", "header", "footer", "note", "annotation", "deleted", "alt", "link", "meta")


def odt() -> bytes:
    """An OpenDocument text with PII in every place listed in :data:`ODT_PLACES`."""
    from odf import dc, draw, meta, office, style, svg, text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    doc.meta.addElement(meta.InitialCreator(text=f"Rūta {AUTHOR}"))
    doc.meta.addElement(dc.Creator(text=f"Rūta {AUTHOR}"))
    doc.meta.addElement(dc.Title(text=addr("meta")))
    layout = style.PageLayout(name="pl")
    doc.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    header = style.Header()
    header.addElement(text.P(text=f"Antraštė {addr('header')}"))
    footer = style.Footer()
    footer.addElement(text.P(text=f"Poraštė {addr('footer')}"))
    master.addElement(header)
    master.addElement(footer)
    doc.masterstyles.addElement(master)
    bold = style.Style(name="B", family="text")
    doc.automaticstyles.addElement(bold)
    tracked = text.TrackedChanges()
    from odf.namespaces import XMLNS

    region = text.ChangedRegion(id="ct1", qattributes={(XMLNS, "id"): "ct1"})
    deletion = text.Deletion()
    info = office.ChangeInfo()
    info.addElement(dc.Creator(text=f"Rūta {AUTHOR}"))
    info.addElement(dc.Date(text="2026-01-01T00:00:00"))
    deletion.addElement(info)
    deletion.addElement(text.P(text=f"Ištrinta {addr('deleted')} {IBAN}"))
    region.addElement(deletion)
    tracked.addElement(region)
    doc.text.addElement(tracked)
    p = text.P(text="Klientas Jonas ")
    p.addElement(text.Span(stylename=bold, text="Petrai"))
    p.addText("tis, asmens kodas 387031")
    p.addElement(text.Span(stylename=bold, text="81745"))
    p.addText(", el. paštas split.val")
    p.addElement(text.S(c=0))
    p.addElement(text.Span(stylename=bold, text="ue@example.com"))
    doc.text.addElement(p)
    doc.text.addElement(text.P(text=KEEP))
    q = text.P(text="Pastaba")
    note = text.Note(id="n1", noteclass="footnote")
    note.addElement(text.NoteCitation(text="1"))
    body = text.NoteBody()
    body.addElement(text.P(text=f"Išnaša {addr('note')}"))
    note.addElement(body)
    q.addElement(note)
    ann = office.Annotation()
    ann.addElement(dc.Creator(text=f"Rūta {AUTHOR}"))
    ann.addElement(text.P(text=f"Komentaras {addr('annotation')}"))
    q.addElement(ann)
    q.addElement(text.ChangeStart(changeid="ct1"))
    doc.text.addElement(q)
    link = text.P()
    link.addElement(text.A(href=f"mailto:{addr('link')}", text="rašykite"))
    doc.text.addElement(link)
    frame = draw.Frame(width="12cm", height="2cm", anchortype="paragraph")
    frame.addElement(draw.Image(href=doc.addPicture("Pictures/image.png", "image/png", image_png("image"))))
    frame.addElement(svg.Desc(text=f"Nuotrauka {addr('alt')}"))
    pic = text.P()
    pic.addElement(frame)
    doc.text.addElement(pic)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


ODS_PLACES = ("cell", "annotation", "hiddensheet", "meta")


def ods() -> bytes:
    """An OpenDocument spreadsheet: string, number and hidden-sheet cells, a cell comment."""
    from odf import dc, office, table, text
    from odf.opendocument import OpenDocumentSpreadsheet

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(dc.Creator(text=f"Rūta {AUTHOR}"))
    doc.meta.addElement(dc.Title(text=addr("meta")))

    def cell(value: str | int) -> table.TableCell:
        if isinstance(value, int):
            c = table.TableCell(valuetype="float", value=str(value))
        else:
            c = table.TableCell(valuetype="string")
        c.addElement(text.P(text=str(value)))
        return c

    t = table.Table(name="Klientai")
    rows = (["Vardas", "Asmens kodas", "El. paštas"], ["Klientas Jonas Petraitis", int(CODE), addr("cell")],
            [KEEP, 125, ""])
    for row in rows:
        tr = table.TableRow()
        for v in row:
            tr.addElement(cell(v))
        t.addElement(tr)
    tr = table.TableRow()
    c = cell("Pastaba")
    ann = office.Annotation()
    ann.addElement(dc.Creator(text=f"Rūta {AUTHOR}"))
    ann.addElement(text.P(text=f"Komentaras {addr('annotation')}"))
    c.addElement(ann)
    tr.addElement(c)
    t.addElement(tr)
    doc.spreadsheet.addElement(t)
    hidden = table.Table(name="Slapta")
    tr = table.TableRow()
    for v in (f"Tel. {PHONE}", addr("hiddensheet"), IBAN):
        tr.addElement(cell(v))
    hidden.addElement(tr)
    doc.spreadsheet.addElement(hidden)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


RTF_AUTHOR = "Jankauskien\\'eb"
RTF_PLACES = ("split", "header", "footnote", "annotation", "field", "info", "unicode")


def rtf(*, picture: bool = True) -> bytes:
    """An RTF document: a value split by formatting, headers, footnotes, annotations, fields,
    ``\\uN`` escapes, document info and a PNG picture."""
    pict = ""
    if picture:
        pict = "{\\pict\\pngblip\\picw900\\pich160 " + image_png("image").hex() + "}"
    body = (
        "{\\rtf1\\ansi\\ansicpg1257\\deff0{\\fonttbl{\\f0 Arial;}}"
        f"{{\\info{{\\author R\\'fbta {RTF_AUTHOR}}}{{\\title {addr('info')}}}}}"
        f"{{\\header \\pard Antra\\'f0t\\'eb {addr('header')}\\par}}"
        "\\pard Klientas Jonas {\\b Petrai}tis, asmens kodas 387031{\\i 81745}, el. pa\\'f0tas split.val"
        "{\\b ue@example.com}.\\par "
        f"{KEEP}\\par "
        f"Pastaba{{\\super\\chftn}}{{\\footnote \\pard I\\'f0na\\'f0a {addr('footnote')}\\par}}\\par "
        f"{{\\*\\atnid RJ}}{{\\*\\atnauthor R\\'fbta {RTF_AUTHOR}}}\\chatn{{\\*\\annotation \\pard "
        "Komentaras "
        f"{addr('annotation')}\\par}}\\par "
        f"{{\\field{{\\*\\fldinst HYPERLINK \"mailto:{addr('field')}\"}}{{\\fldrslt ra\\'f0ykite}}}}\\par "
        "Unikodas \\uc1\\u117?nicode.val\\u117?e@example.com ir IBAN " + IBAN + "\\par "
        + pict + "\\par }")
    return body.encode("latin-1")


def csv_file() -> bytes:
    rows = ["Vardas;Asmens kodas;El. paštas;Suma", f"Klientas Jonas Petraitis;{CODE};{addr('cell')};125",
            f'"{KEEP}";;"Tel. {PHONE}";17']
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def txt_file(encoding: str = "utf-8") -> bytes:
    return (f"Laba diena,\nKlientas Jonas Petraitis, asmens kodas {CODE}, el. paštas {addr('text')}.\n"
            f"IBAN {IBAN}, tel. {PHONE}.\n{KEEP}\n").encode(encoding)


def eml(*, attachments: bool = True) -> bytes:
    """A multipart mail: plain and HTML bodies (remote image, script), a DOCX and a PNG attached,
    and a forwarded message."""
    import email.policy
    from email.message import EmailMessage

    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = f"Jonas Petraitis <{addr('from')}>"
    msg["To"] = f"Pagalba <{addr('to')}>, Rūta {AUTHOR} <{addr('cc')}>"
    msg["Subject"] = f"Sąskaita, asmens kodas {CODE}"
    msg["Date"] = "Tue, 01 Dec 2026 10:00:00 +0000"
    msg["Message-ID"] = "<abc123@mail.example.com>"
    msg["Received"] = f"from pc-petraitis.example.com by mx; {addr('received')}"
    msg["X-Originating-IP"] = "[85.206.12.34]"
    msg.set_content(f"Laba diena,\nKlientas Jonas Petraitis, el. paštas {addr('plain')}.\n{KEEP}\n")
    msg.add_alternative(
        f"<html><head><script>alert('{addr('script')}')</script></head><body><p>Klientas Jonas <b>Petrai</b>"
        f"tis, IBAN {IBAN}</p><p>{KEEP}</p><img src=\"https://tracker.example.net/p.gif?u={addr('track')}\">"
        f"<a href=\"mailto:{addr('href')}\" onclick=\"steal()\">rašykite</a></body></html>", subtype="html")
    if attachments:
        msg.add_attachment(docx(macros=False, image=False), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="Jonas Petraitis sutartis.docx")
        msg.add_attachment(image_png("attached"), maintype="image", subtype="png", filename="scan.png")
        inner = EmailMessage(policy=email.policy.SMTP)
        inner["From"] = f"Rūta {AUTHOR} <{addr('innerfrom')}>"
        inner["Subject"] = "Persiųsta"
        inner.set_content(f"Persiunčiu: {addr('inner')}, tel. {PHONE}\n")
        msg.add_attachment(inner)
        msg.add_attachment(b"\x00\x01\x02 not a known format", maintype="application", subtype="octet-stream",
                           filename="bin.dat")
    return msg.as_bytes()


EML_PLACES = ("from", "to", "cc", "received", "plain", "script", "track", "href", "attached", "innerfrom",
              "inner", *DOCX_PLACES)


def msg_file() -> bytes:
    """An Outlook .msg (CFB written with extract-msg's own OLE writer): subject, body, sender and a
    text attachment."""
    import struct

    from extract_msg.ole_writer import OleWriter

    def u(s: str) -> bytes:
        return s.encode("utf-16-le")

    w = OleWriter()
    w.addEntry("__properties_version1.0", data=b"\0" * 8 + struct.pack("<IIII", 1, 1, 0, 1) + b"\0" * 8)
    w.addEntry("__nameid_version1.0", storage=True)
    for s in ("00020102", "00030102", "00040102"):
        w.addEntry("__nameid_version1.0/__substg1.0_" + s, data=b"")
    w.addEntry("__substg1.0_001A001F", data=u("IPM.Note"))
    w.addEntry("__substg1.0_0037001F", data=u(f"Sąskaita, asmens kodas {CODE}"))
    w.addEntry("__substg1.0_1000001F",
               data=u(f"Klientas Jonas Petraitis, el. paštas {addr('msgbody')}.\n{KEEP}"))
    w.addEntry("__substg1.0_0C1A001F", data=u("Jonas Petraitis"))
    w.addEntry("__substg1.0_0C1F001F", data=u(addr("msgfrom")))
    a = "__attach_version1.0_#00000000"
    w.addEntry(a, storage=True)
    w.addEntry(a + "/__properties_version1.0", data=b"\0" * 8 + struct.pack("<IIQ", 0x37050003, 6, 1))
    w.addEntry(a + "/__substg1.0_37010102", data=f"Priedas {addr('msgattach')}, IBAN {IBAN}\n".encode())
    w.addEntry(a + "/__substg1.0_3707001F", data=u("priedas.txt"))
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()
