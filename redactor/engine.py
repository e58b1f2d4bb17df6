"""The redaction engine: bytes in, redacted bytes + findings out.

``redact(data)`` sniffs the type from magic bytes, enforces the limits, collects the words of every
page (PDF text layer, or OCR for rasters and image-only pages), runs the analyzer ONCE over the whole
document (pages joined by :data:`redactor.analyzer.PAGE_SEPARATOR`, so a name found on one page is
found on all), maps each detected span back to the word boxes it touches and writes a redacted copy.

Pages are reported through ``progress(done, total)`` as they finish, and the document's CPU-time
budget (:mod:`redactor.budget`) is checked after every page and before detection and redaction:
a document that spends it fails closed with :class:`redactor.errors.CpuBudgetExceeded`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from redactor import analyzer
from redactor.budget import CpuBudget
from redactor.errors import CorruptFile, NestingTooDeep, RedactorError, TooLarge
from redactor.formats import DOCUMENT_FORMATS, DocContext, open_handler, redact_document, set_nested_engine
from redactor.limits import Limits
from redactor.ocr import Word
from redactor.offline import ensure_offline
from redactor.sniff import sniff
from redactor.textmap import Hit, TextMap
from redactor.types import Box, Finding, RedactionResult, Span

LANGS = ("auto", "lt", "lv", "ru", "en")
UNREADABLE = "UNREADABLE_TEXT"  # finding type of covered text that OCR could not read


def _findings(hits: list[Hit]) -> list[Finding]:
    """One finding per detected span and page; its box is the union of the blacked-out boxes."""
    groups: dict[tuple[int, int, int, str], list[Hit]] = {}
    for h in hits:
        groups.setdefault((h.span.start, h.span.end, h.page, h.span.entity_type), []).append(h)
    out: list[Finding] = []
    for (_, _, page, etype), hs in groups.items():
        box: Box = (min(h.box[0] for h in hs), min(h.box[1] for h in hs),
                    max(h.box[2] for h in hs), max(h.box[3] for h in hs))
        out.append(Finding(etype, page, box, hs[0].span.score, hs[0].span.detector))
    out.sort(key=lambda f: (f.page, f.box[1], f.box[0]))
    return out


def _unreadable(pages: list[list[Word]]) -> list[Hit]:
    """Boxes of text OCR located but could not read with confidence, shaped like a value: they
    are covered (never published unread) and reported as ``UNREADABLE_TEXT``, value-free."""
    return [Hit(pno, w.box, Span(0, 0, UNREADABLE, round(w.conf / 100, 3), "ocr"))
            for pno, words in enumerate(pages) for w in words if w.unreadable]


def _warm_analyzer(lang: str) -> None:
    try:
        analyzer.analyze("warm up", lang)
    except Exception:  # noqa: BLE001,S110 - the real call below reports any problem
        pass


def redact(data: bytes, *, lang: str = "auto", limits: Limits | None = None,
           progress: Callable[[int, int], None] | None = None) -> RedactionResult:
    """Redact personal data from ``data`` (an image, PDF, office document, text, mail or ZIP).

    Raises a :class:`redactor.errors.RedactorError` subclass with a plain-words message on any
    problem with the input; never returns a partially redacted copy.
    """
    t0 = time.monotonic()
    if lang not in LANGS:
        raise RedactorError(f"Unknown language '{lang}'; use one of {', '.join(LANGS)}.")
    limits = limits or Limits.from_env()
    if len(data) > limits.max_bytes:
        raise TooLarge(f"The file is larger than the limit of {_size(limits.max_bytes)}.")
    ensure_offline()
    file_type = sniff(data)
    if file_type in DOCUMENT_FORMATS:
        return _redact_document(file_type, data, DocContext(lang, limits), t0)
    budget = CpuBudget(limits)
    try:
        handler = open_handler(file_type, data, lang=lang, limits=limits)
    except RedactorError:
        raise
    except MemoryError as exc:  # the process's memory cap (RLIMIT_AS) was reached while decoding
        raise TooLarge("The file needs more memory than this server allows.") from exc
    except Exception as exc:  # an odd file that tripped a decoder: refuse it with a typed error
        raise CorruptFile() from exc
    # the analyzer loads its data while tesseract (a subprocess) is busy with the pages
    warm = threading.Thread(target=_warm_analyzer, args=(lang,), daemon=True)
    warm.start()

    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total)
        budget.check(total, done)

    try:
        if progress is not None:
            progress(0, handler.pages)  # the page count is known: a progress bar can be shown
        pages = handler.words(tick)
        warm.join()
        budget.check(handler.pages)
        tmap = TextMap(pages)
        spans = analyzer.analyze(tmap.text, lang) if tmap.text.strip() else []
        hits = [h for s in spans for h in tmap.hits(s)]
        unread = _unreadable(pages)
        budget.check(handler.pages)
        out = handler.redact(hits + unread)
        findings = sorted(_findings(hits) + [Finding(UNREADABLE, h.page, h.box, h.span.score, "ocr")
                                             for h in unread], key=lambda f: (f.page, f.box[1], f.box[0]))
        return RedactionResult(data=out, file_type=file_type, findings=findings,
                               pages=handler.pages, ocr_pages=handler.ocr_pages,
                               seconds=time.monotonic() - t0, warnings=list(handler.warnings))
    except RedactorError:
        raise
    except MemoryError as exc:
        raise TooLarge("The file needs more memory than this server allows.") from exc
    except Exception as exc:  # fail closed with a typed error; the cause stays chained for logs
        raise RedactorError() from exc
    finally:
        handler.close()


def _redact_document(file_type, data: bytes, ctx: DocContext, t0: float) -> RedactionResult:
    try:
        out = redact_document(file_type, data, ctx)
    except RedactorError:
        raise
    except MemoryError as exc:
        raise TooLarge("The file needs more memory than this server allows.") from exc
    except Exception as exc:  # fail closed with a typed error; the cause stays chained for logs
        raise CorruptFile() from exc
    return RedactionResult(data=out.data, file_type=out.file_type, findings=ctx.findings, pages=out.parts,
                           ocr_pages=ctx.ocr_pages, seconds=time.monotonic() - t0,
                           warnings=list(dict.fromkeys(ctx.warnings)))


def redact_nested(data: bytes, parent: DocContext, part: int) -> RedactionResult:
    """Redact a file found inside another (embedded image, attachment, archive member).

    Page formats run the normal engine; document formats share the parent's ZIP budget. Findings
    of the inner file are reported under the parent's ``part``.
    """
    if parent.depth + 1 > parent.limits.max_depth:
        raise NestingTooDeep()
    file_type = sniff(data)
    if file_type in DOCUMENT_FORMATS:
        ctx = DocContext(parent.lang, parent.limits, parent.depth + 1, parent.budget)
        result = _redact_document(file_type, data, ctx, time.monotonic())
    else:
        result = redact(data, lang=parent.lang, limits=parent.limits)
    parent.findings.extend(Finding(f.entity_type, part, f.box, f.score, f.detector) for f in result.findings)
    parent.warnings.extend(result.warnings)
    return result


set_nested_engine(redact_nested)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
