"""``sargas redact`` command."""

from __future__ import annotations

import json

from redactor_docs import EMAIL, make_text_pdf
from typer.testing import CliRunner

from intake_api.cli import build_app


def test_cli_redacts_and_writes_report(tmp_path) -> None:
    src, out, rep = tmp_path / "in.bin", tmp_path / "out.pdf", tmp_path / "r.json"
    src.write_bytes(make_text_pdf([f"Mail {EMAIL} please"], extras=False))
    res = CliRunner().invoke(build_app(), ["redact", str(src), "-o", str(out), "--report", str(rep),
                                           "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(b"%PDF")
    report = json.loads(rep.read_text())
    assert report["counts"] == {"EMAIL_ADDRESS": 1} and report["file_type"] == "pdf"
    assert EMAIL not in rep.read_text()


def test_cli_typed_error_is_one_line(tmp_path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    src.write_bytes(b"\x00\x01 binary junk " + EMAIL.encode())
    res = CliRunner().invoke(build_app(), ["redact", str(src), "-o", str(out)])
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "unsupported_type" in lines[0]
    assert EMAIL not in res.output and not out.exists()


def test_cli_redacts_a_docx_end_to_end(tmp_path) -> None:
    import io

    import docx
    import office_docs as od

    src, out, rep = tmp_path / "in.docx", tmp_path / "out.docx", tmp_path / "r.json"
    src.write_bytes(od.docx(macros=False, image=False))
    res = CliRunner().invoke(build_app(), ["redact", str(src), "-o", str(out), "--report", str(rep)])
    assert res.exit_code == 0, res.output
    assert od.leaks(out.read_bytes(), od.values(*od.DOCX_PLACES)) == []
    assert docx.Document(io.BytesIO(out.read_bytes())).paragraphs[1].text == od.KEEP
    report = json.loads(rep.read_text())
    assert report["file_type"] == "docx" and report["counts"]["EMAIL_ADDRESS"] >= 10
    assert "example.com" not in rep.read_text()
