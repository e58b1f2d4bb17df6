"""bench/corpus: two real documents rendered by Chromium; their manifest boxes must land on ink.

Generates an ERP grid screenshot (selected row, disabled rows) and a Chromium-printed PDF form,
then checks that every PII/keep box (and every per-word part) covers drawn ink, that the PDF labels
sit on the text layer's words, that the codes in the manifest really validate, and that
shared/bench/score.py reads the manifest (identity scores recall 0 / keep 1, blackout the reverse).
Skips when Chromium or playwright is missing (.ci/install installs both).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.timeout(240)


def _scorer() -> Path | None:
    for up in ROOT.parents:  # CI clones beside shared/; a worktree may sit deeper
        p = up / "shared" / "bench" / "score.py"
        if p.exists():
            return p
    return None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is not installed (.ci/install installs it)")
    pytest.importorskip("playwright")
    os.environ["CORPUS_NAMES_DATASET"] = "0"  # Faker names only: quick and the same on every machine
    from corpus import generate

    out = tmp_path_factory.mktemp("corpus")
    todo = [
        dict(index=0, layout="erp_grid", lang="lt", variant="png", seed=11),
        dict(index=1, layout="form", lang="lv", variant="pdf_text", seed=12),
    ]
    manifest = generate.write(out, todo, log=lambda *_: None)
    return out, manifest


def _pixels(path: Path, fmt: str) -> tuple[np.ndarray, float]:
    if fmt in ("png", "jpg"):
        return np.asarray(Image.open(path).convert("RGB")), 1.0
    with pymupdf.open(path) as d:
        pm = d[0].get_pixmap(matrix=pymupdf.Matrix(2, 2), alpha=False)
        return np.frombuffer(pm.samples, np.uint8).reshape(pm.height, pm.width, 3), 2.0


def test_manifest_has_the_fields_score_py_reads(corpus):
    out, manifest = corpus
    on_disk = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest and len(manifest) == 2
    png, pdf = manifest
    assert (png["format"], pdf["format"]) == ("png", "pdf_text")
    assert (png["width"], png["height"]) == Image.open(out / png["file"]).size
    assert len(pdf["pages"]) == 1 and pdf["pages"][0]["width"] > 500
    for doc in manifest:
        assert len(doc["pii"]) >= 8 and len(doc["keep"]) >= 3
        for e in doc["pii"]:
            assert set(e) >= {"kind", "text", "bbox", "tags", "page"} and e["page"] == 0
            words = e["text"].split()
            assert len(e.get("parts", [e["bbox"]])) == len(words), e["text"]
        names = [e for e in doc["pii"] if e["kind"] == "PERSON"]
        assert names and all(("in_list" in e["tags"]) != ("out_of_list" in e["tags"]) for e in names)
    tags = {t for e in png["pii"] for t in e["tags"]}
    assert {"selected_row", "low_contrast"} <= tags


def test_every_box_lands_on_ink(corpus):
    out, manifest = corpus
    from corpus import ink

    for doc in manifest:
        arr, s = _pixels(out / doc["file"], doc["format"])
        for e in doc["pii"] + doc["keep"]:
            for b in e.get("parts", [e["bbox"]]):
                box = [v * s for v in b]
                assert box[2] - box[0] >= 2 and box[3] - box[1] >= 4, (doc["file"], e["text"])
                assert ink.ink_fraction(arr, box) > 0.04, (doc["file"], e["text"], b)
            # the tightened box is not padded with empty background: rows at its edges hold ink
            x0, y0, x1, y1 = (round(v * s) for v in e["bbox"])
            assert ink.tighten(arr, [x0 - 3, y0 - 3, x1 + 3, y1 + 3]) is not None


def test_pdf_labels_sit_on_the_text_layer_and_codes_validate(corpus):
    out, manifest = corpus
    from stdnum.lt import asmens
    from stdnum.lv import pvn

    pdf = manifest[1]
    with pymupdf.open(out / pdf["file"]) as d:
        page = d[0]
        font_types = {f[2] for f in page.get_fonts()}
        for e in pdf["pii"] + pdf["keep"]:
            hits = page.search_for(e["text"])
            assert hits, e["text"]
            box = pymupdf.Rect(e["bbox"])
            assert any((h & box).get_area() > 0.5 * box.get_area() for h in hits), e["text"]
    assert "Type0" in font_types  # a browser PDF: CID fonts, unlike PyMuPDF-made test PDFs
    for doc, check in ((manifest[0], asmens.is_valid), (pdf, pvn.is_valid)):
        codes = [e["text"] for e in doc["pii"] if e["kind"].endswith("_PERSONAL_CODE")]
        assert codes and all(check(c) for c in codes)
        looks = [e["text"] for e in doc["keep"] if "bad_checksum" in e["tags"]]
        assert all(not check(c) for c in looks)


@pytest.mark.parametrize("cmd,recall,keep", [("identity", 0.0, 1.0), ("blackout", 1.0, 0.0)])
def test_score_py_reads_the_corpus(corpus, cmd, recall, keep):
    scorer = _scorer()
    if scorer is None:
        pytest.skip("shared/bench/score.py is not beside this checkout")
    out, _ = corpus
    res = subprocess.run([sys.executable, str(scorer), str(out), "--cmd", cmd, "--jobs", "1"],
                         capture_output=True, text=True, timeout=200)
    assert res.returncode == 0, res.stderr[-2000:]
    last = res.stdout.strip().splitlines()[-1]
    assert last.startswith(f"recall={recall:.3f} keep={keep:.3f} broken=0"), last
