"""``sargas redact`` as a real process: the fast path redacts like the Typer command and loads no
framework (Typer, pydantic, FastAPI, SQLAlchemy, Presidio's analyzer, spaCy) on the way."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from redactor_docs import EMAIL, make_text_pdf

from redactor.limits import Limits

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("typer", "click", "pydantic", "pydantic_settings", "fastapi", "starlette", "sqlalchemy",
         "presidio_analyzer", "spacy", "tldextract", "forms", "retention", "sargas")
_PROBE = (
    "import sys\n"
    "sys.argv = ['sargas', *sys.argv[1:]]\n"
    "from intake_api.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as e:\n"
    "    code = e.code\n"
    f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
    "print('LOADED', ','.join(loaded))\n"
    "sys.exit(code)\n"
)


def _sargas(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=ROOT)


def test_redact_process_loads_no_framework(tmp_path) -> None:
    src, out, rep = tmp_path / "in.pdf", tmp_path / "out.pdf", tmp_path / "r.json"
    src.write_bytes(make_text_pdf([f"Mail {EMAIL} please"], extras=False))
    proc = _sargas("redact", str(src), "-o", str(out), "--report", str(rep), "--lang", "en")
    assert proc.returncode == 0, proc.stderr[-800:]
    assert "LOADED \n" in proc.stdout, proc.stdout  # none of HEAVY was imported
    assert out.read_bytes().startswith(b"%PDF") and EMAIL.encode() not in out.read_bytes()
    assert json.loads(rep.read_text())["counts"] == {"EMAIL_ADDRESS": 1}


def test_redact_process_errors_match_the_typer_command(tmp_path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    src.write_bytes(b"\x00\x01 binary junk " + EMAIL.encode())
    refused = _sargas("redact", str(src), "-o", str(out))
    assert refused.returncode == 1
    lines = [ln for ln in refused.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "unsupported_type" in lines[0], refused.stderr
    assert EMAIL not in refused.stderr + refused.stdout and not out.exists()
    bad_lang = _sargas("redact", str(src), "-o", str(out), "--lang", "xx")
    assert bad_lang.returncode == 2 and "unknown language" in bad_lang.stderr
    missing = _sargas("redact", str(tmp_path / "nope.png"), "-o", str(out))
    assert missing.returncode == 2 and "cannot read input file" in missing.stderr
    usage = _sargas("redact", str(src))  # -o missing
    assert usage.returncode == 2 and "--output" in usage.stderr
    helped = _sargas("redact", "--help")  # help comes from the Typer app (the full CLI)
    assert helped.returncode == 0 and "OUTPUT" in helped.stdout


def test_limits_from_env_parse_and_refuse(monkeypatch) -> None:
    monkeypatch.setenv("SARGAS_MAX_PIXELS", "1_000_000")
    monkeypatch.setenv("sargas_max_depth", "2")  # names match case-insensitively
    monkeypatch.setenv("SARGAS_OCR_TIMEOUT", " 7.5 ")
    lim = Limits.from_env()
    assert (lim.max_pixels, lim.max_depth, lim.ocr_timeout, lim.max_pages) == (1_000_000, 2, 7.5, 200)
    monkeypatch.setenv("SARGAS_MAX_PAGES", "ten")
    with pytest.raises(ValueError, match="SARGAS_MAX_PAGES"):
        Limits.from_env()
    monkeypatch.setenv("SARGAS_MAX_PAGES", "2.5")
    with pytest.raises(ValueError, match="SARGAS_MAX_PAGES"):
        Limits.from_env()


def test_redact_prints_a_summary_or_the_json_report_and_sargas_has_a_version(tmp_path) -> None:
    src, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    src.write_bytes(make_text_pdf([f"Mail {EMAIL} please"], extras=False))
    plain = _sargas("redact", str(src), "-o", str(out), "--lang", "en")
    assert plain.returncode == 0, plain.stderr[-800:]
    first = plain.stdout.splitlines()[0]
    assert first == f"redacted 1 page: 1 item hidden (EMAIL_ADDRESS 1) -> {out}", plain.stdout
    as_json = _sargas("redact", str(src), "-o", str(out), "--lang", "en", "--json")
    assert as_json.returncode == 0, as_json.stderr[-800:]
    report = json.loads(as_json.stdout.rsplit("LOADED", 1)[0])
    assert report["counts"] == {"EMAIL_ADDRESS": 1} and report["pages"] == 1
    assert EMAIL not in as_json.stdout + plain.stdout  # types and boxes, never the value
    version = subprocess.run([sys.executable, "-m", "intake_api.cli", "--version"], capture_output=True,
                             text=True, timeout=120, cwd=ROOT,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert version.returncode == 0 and re.fullmatch(r"sargas \S+\n", version.stdout), version
