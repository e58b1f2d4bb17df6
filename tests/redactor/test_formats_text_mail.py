"""RTF, CSV, TXT, e-mail (.eml, Outlook .msg) and ZIP archives built at test time: no value left,
structure and non-personal text kept, attachments and members redacted by their own type."""

from __future__ import annotations

import email
import email.policy
import io
import zipfile

import office_docs as od
import pytest

from redactor import FileType, redact
from redactor.errors import NestingTooDeep, TooLarge
from redactor.limits import Limits
from redactor.sniff import sniff


def test_rtf_every_place_and_picture() -> None:
    import pytesseract
    from PIL import Image

    data = od.rtf()
    assert sniff(data) is FileType.RTF
    r = redact(data)
    assert r.file_type is FileType.RTF
    needles = od.values(*od.RTF_PLACES) + ["Jankauskien", "unicode.val"]
    assert od.leaks(data, needles) and od.leaks(r.data, needles) == []
    text = r.data.decode("latin-1")
    assert "Klientas [NAME]" in text and od.KEEP in text and "\\footnote" in text
    assert "\\info" not in text and "atnauthor" not in text
    hexdata = text.split("\\pngblip\\picw900\\pich160 ", 1)[1].split("}", 1)[0]
    assert "image.value" not in pytesseract.image_to_string(Image.open(io.BytesIO(bytes.fromhex(hexdata))))


def test_csv_cells_and_delimiters_kept() -> None:
    data = od.csv_file()
    assert sniff(data) is FileType.CSV
    r = redact(data)
    assert r.file_type is FileType.CSV
    assert od.leaks(r.data, od.values("cell")) == []
    lines = r.data.decode("utf-8").split("\r\n")
    assert lines[0] == "Vardas;Asmens kodas;El. paštas;Suma"
    assert lines[1] == "Klientas [NAME];[LT PERSONAL CODE];[EMAIL];125"
    assert lines[2].startswith(od.KEEP + ";;")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1257", "utf-16"])
def test_txt_same_encoding_out(encoding: str) -> None:
    data = od.txt_file(encoding)
    assert sniff(data) is FileType.TXT
    r = redact(data)
    out = r.data.decode(encoding)
    for v in od.values("text") + [od.IBAN]:
        assert v not in out
    assert od.KEEP in out and "Klientas [NAME], asmens kodas [LT PERSONAL CODE]" in out
    assert r.counts()["EMAIL_ADDRESS"] == 1


@pytest.fixture(scope="module")
def eml_result():
    data = od.eml()
    return data, redact(data)


def test_eml_headers_bodies_and_attachments(eml_result) -> None:
    data, r = eml_result
    assert sniff(data) is FileType.EML and r.file_type is FileType.EML
    places = [p for p in od.EML_PLACES if p not in ("image", "ole", "alt", "alttitle", "pic")]
    assert od.leaks(r.data, od.values(*places)) == []
    msg = email.message_from_bytes(r.data, policy=email.policy.default)
    assert str(msg["From"]) == '"[NAME]" <redacted@redacted.invalid>'
    assert str(msg["Subject"]) == "Sąskaita, asmens kodas [LT PERSONAL CODE]"
    assert msg["Received"] is None and msg["X-Originating-IP"] is None
    assert msg["Message-ID"].endswith("@redacted.invalid>")
    plain = msg.get_body(("plain",)).get_content()
    assert "Klientas [NAME], el. paštas [EMAIL]." in plain and od.KEEP in plain


def test_eml_html_sanitised(eml_result) -> None:
    _, r = eml_result
    html = email.message_from_bytes(r.data, policy=email.policy.default).get_body(("html",)).get_content()
    assert "<script" not in html and "onclick" not in html and "tracker.example.net" not in html
    assert "Klientas [NAME]" in html and od.KEEP in html


def test_eml_attachments_redacted_recursively_and_refused_listed(eml_result) -> None:
    import pytesseract
    from PIL import Image

    _, r = eml_result
    msg = email.message_from_bytes(r.data, policy=email.policy.default)
    atts = {p.get_filename(): p for p in msg.iter_attachments() if p.get_filename()}
    assert "[NAME] sutartis.docx" in atts  # the file name is redacted too
    inner_docx = atts["[NAME] sutartis.docx"].get_content()
    assert od.leaks(inner_docx, od.values(*od.DOCX_PLACES)) == []
    png = atts["scan.png"].get_content()
    assert "attached.value" not in pytesseract.image_to_string(Image.open(io.BytesIO(png)))
    assert "bin.dat" not in atts
    assert any("Attachment" in w and "unsupported_type" in w for w in r.warnings)
    assert all("@" not in w for w in r.warnings)


def test_msg_becomes_redacted_eml() -> None:
    data = od.msg_file()
    assert sniff(data) is FileType.MSG
    r = redact(data)
    assert r.file_type is FileType.EML
    assert od.leaks(r.data, od.values("msgbody", "msgfrom", "msgattach") + ["1000 0111"]) == []
    msg = email.message_from_bytes(r.data, policy=email.policy.default)
    assert "[LT PERSONAL CODE]" in str(msg["Subject"])
    assert od.KEEP in msg.get_body(("plain",)).get_content()
    att = next(msg.iter_attachments())
    assert att.get_content().strip() == "Priedas [EMAIL], IBAN [IBAN]"


def _zip(members: dict[str, bytes], *, encrypted: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    out = bytearray(buf.getvalue())
    for name in encrypted:  # mark the member encrypted (zipfile cannot write encrypted members)
        key = name.encode()
        for sig, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
            pos = out.find(sig)
            while pos >= 0:
                if out[pos + name_at:pos + name_at + len(key)] == key:
                    out[pos + flag_at] |= 0x1
                pos = out.find(sig, pos + 4)
    return bytes(out)


def test_zip_members_redacted_by_type_names_redacted_refused_listed() -> None:
    inner = _zip({"vidus/Klientas Jonas Petraitis.txt": od.txt_file()})
    data = _zip({"sutartis.docx": od.docx(macros=False, image=False), "duomenys.csv": od.csv_file(),
                 "../../etc/evil.txt": od.txt_file(), "nested.zip": inner, "junk.bin": b"\x00\x01 junk",
                 "secret.txt": od.txt_file()}, encrypted=("secret.txt",))
    r = redact(data)
    assert r.file_type is FileType.ZIP
    out = od.unzip(r.data)
    assert set(out) == {"sutartis.docx", "duomenys.csv", "etc/evil.txt", "nested.zip"}
    assert od.leaks(out["sutartis.docx"], od.values(*od.DOCX_PLACES)) == []
    assert od.leaks(out["duomenys.csv"], od.values("cell")) == []
    assert list(od.unzip(out["nested.zip"])) == ["vidus/Klientas [NAME].txt"]
    assert od.leaks(out["nested.zip"], od.values("text")) == []
    assert sum("refused" in w for w in r.warnings) == 2
    assert any("encrypted_file" in w for w in r.warnings) and any("unsupported_type" in w for w in r.warnings)


def test_zip_limits() -> None:
    inner = _zip({"a.txt": od.txt_file()})
    deep = inner
    for _ in range(4):
        deep = _zip({"d.zip": deep})
    r = redact(deep)  # too deep: the innermost archive is refused and listed, never passed through
    assert any("nesting_too_deep" in w for w in r.warnings)
    assert od.leaks(r.data, od.values("text")) == []
    with pytest.raises(TooLarge):
        redact(_zip({f"f{i}.txt": b"x" for i in range(20)}), limits=Limits(max_members=10))
    with pytest.raises(TooLarge):
        redact(_zip({"big.txt": b"a" * (8 << 20)}), limits=Limits(max_unpacked=4 << 20))
    with pytest.raises(TooLarge):
        redact(_zip({"ratio.txt": b"a" * (4 << 20)}))  # ratio ~1000:1
    assert NestingTooDeep.code == "nesting_too_deep"


@pytest.mark.parametrize("build", [lambda: od.docx(macros=False, image=False), od.odt,
                                   lambda: od.rtf(picture=False), lambda: od.eml(attachments=False)])
def test_damaged_files_fail_with_a_typed_error_only(build) -> None:
    import random

    from redactor import RedactorError

    rnd = random.Random(11)
    data = build()
    for _ in range(25):
        b = bytearray(data)
        for _ in range(rnd.randint(1, 20)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            b = b[: rnd.randrange(1, len(b))]
        try:
            redact(bytes(b))
        except RedactorError as exc:
            assert exc.message and "example.com" not in exc.message


def test_message_redaction_entry_point_for_the_mail_gateway() -> None:
    from redactor.mailredact import redact_email

    msg = email.message_from_bytes(od.eml(attachments=False), policy=email.policy.default)
    out, findings, warnings = redact_email(msg, lang="lt")
    raw = out.as_bytes()
    assert od.leaks(raw, od.values("from", "to", "cc", "plain", "href")) == []
    assert findings and all(not hasattr(f, "text") for f in findings) and warnings == []
