#!/usr/bin/env python3
"""Generate a browser-rendered, labelled redaction corpus in the format shared/bench/score.py reads.

    python bench/corpus/generate.py OUTDIR --seed 1 --count 80

Each document is a layout (helpdesk, ERP grid, spreadsheet, mail, chat, console, card, toast,
form, invoice, ...) rendered by headless Chromium in a random language, font, size and colour
scheme, written as PNG (DPR 1 / 1.25 / 2, downscaled, phone 1080x2400), JPEG, browser-printed text
PDF, scanned image-only PDF or phone photo. OUTDIR gets the files and manifest.json (a list of
documents: file, format, lang, template, pages, width, height, pii[kind,text,bbox,parts,tags,page],
keep[text,bbox,tags,page]). Same seed and count -> same documents. Any error stops the run with
a non-zero exit (no partial manifest is written).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `corpus` importable from bench/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "corpus"

from corpus import layouts, variants  # noqa: E402
from corpus.render import Browser  # noqa: E402
from corpus.tpl import Ctx  # noqa: E402

LANGS = ["lt", "lt", "lv", "lv", "ru", "en", "et"]
VARIANT_WEIGHTS = [
    ("png", 34),
    ("png_down", 7),
    ("jpg", 10),
    ("phone", 22),
    ("pdf_text", 18),
    ("pdf_scan", 12),
    ("photo", 8),
]
GEN_VERSION = 1


def plan(seed: int, count: int) -> list[dict]:
    """The document list: layout, language and variant per index (a pure function of seed/count)."""
    rng = random.Random(seed)
    docs = []
    names = list(layouts.LAYOUTS)
    order: list[str] = []
    weights = dict(VARIANT_WEIGHTS)
    for i in range(count):
        if not order:  # every layout once per round, in a shuffled order
            order = rng.sample(names, len(names))
        layout = order.pop()
        allowed = layouts.LAYOUTS[layout].variants
        var = rng.choices(allowed, [weights[v] for v in allowed])[0]
        docs.append(
            dict(index=i, layout=layout, lang=rng.choice(LANGS), variant=var, seed=seed * 1_000_003 + i)
        )
    return docs


def make_doc(browser: Browser, d: dict) -> tuple[dict, bytes]:
    rng = random.Random(d["seed"])
    spec = layouts.LAYOUTS[d["layout"]]
    v = variants.choose(rng, d["variant"], spec.page_like or d["variant"] in ("pdf_text", "pdf_scan"))
    ctx = Ctx(rng, d["lang"], scheme=spec.scheme(rng) if spec.scheme else None)
    if v.name in ("pdf_text", "pdf_scan") and ctx.dark and rng.random() < 0.7:
        ctx = Ctx(rng, d["lang"], scheme="light")
    html = spec.fn(ctx)
    data, items, page = variants.produce(browser, html, v, rng)
    fname = "doc%03d_%s_%s_%s.%s" % (d["index"], d["layout"], v.name, d["lang"], v.ext)
    pii, keep = [], []
    for it in items:
        tags = list(dict.fromkeys([*it["tags"], *v.tags]))
        e = dict(text=it["text"], bbox=[round(x, 2) for x in it["bbox"]], tags=tags, page=0)
        if it["kind"]:
            e = dict(kind=it["kind"], **e)
            if len(it["parts"]) > 1:
                e["parts"] = [[round(x, 2) for x in b] for b in it["parts"]]
            pii.append(e)
        else:
            keep.append(e)
    doc = dict(
        file=fname,
        format=v.fmt,
        lang=d["lang"],
        template=d["layout"],
        variant=v.name,
        pages=[{"width": page["width"], "height": page["height"]}],
        pii=pii,
        keep=keep,
        seed=d["seed"],
        index=d["index"],
        gen="bench/corpus",
        gen_version=GEN_VERSION,
        dpr=v.dpr,
        font=ctx.font,
        font_px=ctx.size,
        scheme=ctx.scheme_name,
        **{k: val for k, val in v.extra.items() if k in ("rotation_deg", "quality", "factor")},
    )
    if v.fmt in ("png", "jpg"):
        doc["width"], doc["height"] = int(page["width"]), int(page["height"])
    return doc, data


def generate(outdir: Path, seed: int, count: int, only: str = "", log=print) -> list[dict]:
    todo = plan(seed, count)
    if only:
        keys = only.split(",")
        todo = [d for d in todo if d["layout"] in keys or d["variant"] in keys]
    return write(outdir, todo, log)


def write(outdir: Path, todo: list[dict], log=print) -> list[dict]:
    """Render the planned documents `todo` (dicts as made by `plan`) into outdir + manifest.json."""
    outdir.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    manifest = []
    try:
        for d in todo:
            t0 = time.perf_counter()
            doc, data = make_doc(browser, d)
            (outdir / doc["file"]).write_bytes(data)
            manifest.append(doc)
            log(
                "%-40s pii %3d keep %3d  %.1fs"
                % (doc["file"], len(doc["pii"]), len(doc["keep"]), time.perf_counter() - t0)
            )
    finally:
        browser.close()
    (outdir / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=80)
    ap.add_argument("--only", default="", help="comma-separated layout or variant names to keep")
    a = ap.parse_args(argv)
    m = generate(a.outdir, a.seed, a.count, a.only)
    print(
        "%d documents, %d pii, %d keep -> %s"
        % (len(m), sum(len(d["pii"]) for d in m), sum(len(d["keep"]) for d in m), a.outdir / "manifest.json")
    )
    print(name_stats(m))
    return 0


def name_stats(manifest: list[dict]) -> str:
    """One line: PERSON occurrences in / out of the project's lists, and Faker's own overlap."""
    from corpus import names

    tags = [e["tags"] for d in manifest for e in d["pii"] if e["kind"] == "PERSON"]
    out = sum("out_of_list" in t for t in tags)
    faker = names.faker_overlap()
    return (
        "names: %d PERSON occurrences, %d (%.0f %%) out of the project's lists; Faker tokens outside "
        "the lists: %s"
        % (
            len(tags),
            out,
            100.0 * out / max(1, len(tags)),
            ", ".join("%s %.1f %%" % (k, 100 * v) for k, v in faker.items()),
        )
    )


if __name__ == "__main__":
    sys.exit(main())
