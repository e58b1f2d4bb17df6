"""Render an HTML document in headless Chromium and read the label boxes the browser reports.

Every PII value / keep string of a template is a `<span data-pii=KIND data-tags=..>` or
`<span data-keep>`. After layout, JS reads each span's client rects (the whole span and, per word,
`Range.getClientRects` on its text nodes), the computed font size, and whether the span is the
topmost element at its centre (occluded or clipped spans are dropped). Boxes come back in CSS px;
the caller multiplies by devicePixelRatio (screenshots) or 0.75 (print-to-PDF points) and then
tightens them to the ink actually drawn (`ink.tighten`). A browser error raises; the generator
then stops instead of writing a partial manifest.
"""

from __future__ import annotations

from dataclasses import dataclass

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]

BOXES_JS = r"""
() => {
  const out = [];
  const U = (rs) => { rs = rs.filter(r => r.width > 0.5 && r.height > 0.5);
    if (!rs.length) return null;
    return [Math.min(...rs.map(r => r.left)), Math.min(...rs.map(r => r.top)),
            Math.max(...rs.map(r => r.right)), Math.max(...rs.map(r => r.bottom))]; };
  const topmost = (el, b) => {
    const x = (b[0] + b[2]) / 2, y = (b[1] + b[3]) / 2;
    if (b[0] < -0.5 || b[1] < -0.5 || b[2] > innerWidth + 0.5 || b[3] > innerHeight + 0.5) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit) || hit.contains(el));
  };
  for (const el of document.querySelectorAll('[data-pii],[data-keep]')) {
    const rg = document.createRange(); rg.selectNodeContents(el);
    const bbox = U([...rg.getClientRects()]);
    if (!bbox) continue;
    const parts = [];
    const tw = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = tw.nextNode())) {
      const re = /\S+/g; let m;
      while ((m = re.exec(n.textContent))) {
        const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const b = U([...r.getClientRects()]); if (b) parts.push(b);
      }
    }
    const cs = getComputedStyle(el);
    out.push({kind: el.dataset.pii || null, keep: el.hasAttribute('data-keep'),
              text: el.innerText.replace(/\s+/g, ' ').trim(),
              tags: (el.dataset.tags || '').split(/\s+/).filter(Boolean),
              bbox, parts, font_px: parseFloat(cs.fontSize), visible: topmost(el, bbox)});
  }
  return {items: out, dpr: devicePixelRatio, w: innerWidth, h: innerHeight};
}
"""


@dataclass
class Shot:
    data: bytes  # PNG screenshot or PDF bytes
    items: list[dict]  # boxes in CSS px
    dpr: float
    css_w: int
    css_h: int


class Browser:
    """One Chromium for the whole run; `shot` and `pdf` open a fresh page per document."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._b = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)

    def close(self) -> None:
        try:
            self._b.close()
        finally:
            self._pw.stop()

    def _page(self, width: int, height: int, dpr: float, html: str, mobile: bool = False):
        ctx = self._b.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=dpr,
            is_mobile=mobile,
            has_touch=mobile,
        )
        page = ctx.new_page()
        page.set_content(html, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        return ctx, page

    def shot(self, html: str, width: int, height: int, dpr: float, mobile: bool = False) -> Shot:
        ctx, page = self._page(width, height, dpr, html, mobile)
        try:
            info = page.evaluate(BOXES_JS)
            png = page.screenshot(type="png", full_page=False)
        finally:
            ctx.close()
        return Shot(png, info["items"], info["dpr"], info["w"], info["h"])

    def pdf(self, html: str, width: int, height: int) -> Shot:
        """Print to PDF, one page of width x height CSS px (the template must fit one page).

        Chromium shrinks content wider than the page when printing, which would move every box;
        so a page whose content overflows is widened to the content first (a wide browser PDF).
        """
        ctx, page = self._page(width, height, 1.0, html)
        try:
            page.emulate_media(media="screen")
            for _ in range(3):
                sw = page.evaluate(
                    "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
                )
                if sw <= width:
                    break
                width = int(sw) + 1
                page.set_viewport_size({"width": width, "height": height})
            info = page.evaluate(BOXES_JS)
            data = page.pdf(
                width="%dpx" % width,
                height="%dpx" % height,
                print_background=True,
                margin={"top": "0", "bottom": "0", "left": "0", "right": "0"},
                page_ranges="1",
            )
        finally:
            ctx.close()
        return Shot(data, info["items"], 1.0, info["w"], info["h"])
