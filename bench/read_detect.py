"""Split the misses of a scored corpus into "never read" (OCR / text layer) and "read but not
detected" (the analyzer), offline and fast: the words of every page are read once and cached, then
only TextMap + the analyzer run again, so detection changes are measured in seconds.

    python bench/read_detect.py MANIFEST_DIR [--cache DIR] [--only a,b] [--show]

A PII occurrence is READ when the words overlapping its box, joined, contain its normalised text
(or all but one character of it); DETECTED when the boxes the engine would black out cover at least
90 % of each of its word boxes. A keep string is HIT when a blacked-out box covers more than 10 % of
it. This approximates the pixel scorer (shared/bench/score.py), which stays the judge; the cache is
keyed by the SHA-256 of the input, so it never mixes up documents. Fails loudly on a bad manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from redactor import analyzer  # noqa: E402
from redactor.formats import open_handler  # noqa: E402
from redactor.limits import Limits  # noqa: E402
from redactor.sniff import sniff  # noqa: E402
from redactor.textmap import TextMap  # noqa: E402

_NORM = re.compile(r"[\s\-\u2010-\u2015\u2212.]+")


def norm(s: str) -> str:
    return _NORM.sub("", unicodedata.normalize("NFC", s or "").lower())


def words_of(path: Path, cache: Path):
    data = path.read_bytes()
    key = cache / (hashlib.sha256(data).hexdigest() + ".pkl")
    if key.exists():
        return pickle.loads(key.read_bytes())
    handler = open_handler(sniff(data), data, lang="auto", limits=Limits.from_env())
    try:
        pages = handler.words(None)
    finally:
        handler.close()
    key.write_bytes(pickle.dumps(pages))
    return pages


def _area(b) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _inter(a, b) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _covered(part, boxes) -> float:
    """Share of ``part`` under the union of ``boxes`` (sampled on a grid)."""
    x0, y0, x1, y1 = part[0] + 1.5, part[1] + 1.5, part[2] - 1.5, part[3] - 1.5  # as the scorer, shrunk
    if x1 <= x0 or y1 <= y0:
        return 1.0
    n, inside = 0, 0
    for i in range(12):
        for j in range(6):
            x, y = x0 + (i + 0.5) * (x1 - x0) / 12, y0 + (j + 0.5) * (y1 - y0) / 6
            n += 1
            inside += any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)
    return inside / n


def _near_text(gold: str, text: str) -> bool:
    if gold in text:
        return True
    if len(gold) < 5:
        return False
    for i in range(len(gold)):  # one character lost or misread
        if gold[:i] + gold[i + 1 :] in text:
            return True
    return any(gold[:i] in text and gold[i + 1 :] in text for i in range(len(gold)))


def judge(doc: dict, pages) -> dict:
    tmap = TextMap(pages)
    spans = analyzer.analyze(tmap.text, doc.get("lang", "auto")) if tmap.text.strip() else []
    boxes: dict[int, list] = defaultdict(list)
    for s in spans:
        for h in tmap.hits(s):
            boxes[h.page].append(h.box)
    out = {"pii": [], "keep": []}
    for p in doc["pii"]:
        pg = p.get("page", 0)
        parts = p.get("parts") or [p["bbox"]]
        words = [w for w in (pages[pg] if pg < len(pages) else [])
                 if _inter(w.box, p["bbox"]) > 0.3 * min(_area(w.box), _area(p["bbox"]))]
        read = _near_text(norm(p["text"]), norm("".join(w.text for w in words)))
        det = all(_covered(b, boxes[pg]) >= 0.9 for b in parts)
        out["pii"].append((p, read, det, " ".join(w.text for w in words)))
    for k in doc.get("keep", []):
        pg = k.get("page", 0)
        hit = sum(_inter(k["bbox"], b) for b in boxes[pg]) > 0.1 * _area(k["bbox"])
        hitters = [tmap.text[s.start:s.end] + "/" + s.entity_type for s in spans for h in tmap.hits(s)
                   if h.page == pg and _inter(k["bbox"], h.box) > 0]
        out["keep"].append((k, hit, hitters))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest_dir")
    ap.add_argument("--cache", default="/tmp/read_detect_cache")
    ap.add_argument("--only", default="")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--out")
    ap.add_argument("--cached-only", action="store_true", help="skip documents not read yet")
    a = ap.parse_args()
    root = Path(a.manifest_dir)
    cache = Path(a.cache)
    cache.mkdir(parents=True, exist_ok=True)
    docs = json.loads((root / "manifest.json").read_text())
    only = [x for x in a.only.split(",") if x]
    if only:
        docs = [d for d in docs if any(x in d["file"] for x in only)]
    if a.cached_only:
        docs = [d for d in docs if (cache / (hashlib.sha256((root / d["file"]).read_bytes()).hexdigest()
                                             + ".pkl")).exists()]
    print(f"{len(docs)} documents")
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_tag: dict[str, Counter] = defaultdict(Counter)
    keep = Counter()
    rows = []
    for d in docs:
        r = judge(d, words_of(root / d["file"], cache))
        for p, read, det, seen in r["pii"]:
            state = "detected" if det else ("read_missed" if read else "not_read")
            for bucket in (by_kind[p["kind"]], by_kind["ALL"]):
                bucket[state] += 1
            for t in p.get("tags", []):
                by_tag[t][state] += 1
            if state != "detected":
                rows.append((d["file"], state, p["kind"], p["text"], ",".join(p.get("tags", [])), seen))
        for k, hit, hitters in r["keep"]:
            keep["hit" if hit else "kept"] += 1
            if hit:
                rows.append((d["file"], "keep_hit", k.get("kind", ""), k["text"], "", " | ".join(hitters)))

    def line(name: str, c: Counter) -> str:
        n = sum(c.values())
        return (f"{name:22} {n:5} det {c['detected'] / n:.3f}  read_missed {c['read_missed']:4}"
                f"  not_read {c['not_read']:4}")

    for k in sorted(by_kind):
        print(line(k, by_kind[k]))
    print("--- by tag")
    for t in sorted(by_tag):
        print(line(t, by_tag[t]))
    n = sum(keep.values()) or 1
    print(f"keep {keep['kept'] / n:.3f} ({keep['hit']} of {n} hit)")
    if a.show:
        for r in rows:
            print(" | ".join(r))
    if a.out:
        Path(a.out).write_text(json.dumps({"rows": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
