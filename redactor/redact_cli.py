"""``sargas redact`` without the command framework: the fast start of a one-file redaction.

:func:`redact_files` is the command's whole behaviour (read, redact, write the copy atomically, write
the report); :mod:`redactor.cli` (the Typer command behind ``sargas --help``) and :func:`main` (the
entry ``intake_api.cli.main`` takes for ``sargas redact ...``) both call it. :func:`main` parses the
same arguments with argparse, so a one-file redaction does not import Typer (whose parameter
adapters load pydantic), FastAPI or SQLAlchemy.

On success one summary line goes to stdout (pages, items hidden by kind), or with ``--json`` the
findings report. Exit status: 0 done, 1 the input was refused (one line ``error: <code>:
<message>``, never content), 2 bad usage or a file that cannot be read or written. A refused input
leaves no output file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

USAGE = ("sargas redact INPUT -o OUTPUT [--report R.json] [--lang auto|lt|lv|ru|en] [--progress] "
         "[--json]")


def summary(report: dict, output: Path) -> str:
    """One line for a person: pages, items hidden by kind, where the copy went (never a value)."""
    counts = report.get("counts") or {}
    total = sum(counts.values())
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    pages = report.get("pages") or 1
    line = f"redacted {pages} page{'s' if pages != 1 else ''}: {total} item{'s' if total != 1 else ''} hidden"
    line += f" ({kinds})" if kinds else ""
    if report.get("warnings"):
        line += f"; {len(report['warnings'])} warning(s)"
    return f"{line} -> {output}"


def _progress_printer(lines: bool | None) -> Callable[[int, int], None] | None:
    """Pages done on stderr: updated in place on a terminal; one line per page (``page 3/50``) when
    asked with ``--progress`` (logs, CI, pipes); nothing with ``--no-progress``."""
    tty = sys.stderr.isatty()
    if lines is False or (lines is None and not tty):
        return None
    in_place = tty and not lines

    def show(done: int, total: int) -> None:
        if done and (total > 1 or not in_place):
            if in_place:
                sys.stderr.write(f"\rpage {done}/{total}" + ("\n" if done >= total else ""))
            else:
                sys.stderr.write(f"page {done}/{total}\n")
            sys.stderr.flush()

    return show


def redact_files(input: Path, output: Path, report: Path | None, lang: str,
                 echo: Callable[[str], None], progress: bool | None = None,
                 out: Callable[[str], None] | None = None, as_json: bool = False) -> int:
    """Redact ``input`` into ``output`` (and the findings into ``report``); the exit status.

    On success ``out`` (stdout) gets one summary line, or with ``as_json`` the findings report as
    JSON (the same document ``--report`` writes: types, boxes, scores, salted hashes; no values)."""
    from redactor.engine import LANGS, redact
    from redactor.errors import RedactorError

    if lang not in LANGS:
        echo(f"error: unknown language '{lang}' (use {', '.join(LANGS)})")
        return 2
    try:
        data = input.read_bytes()
    except OSError as exc:
        echo(f"error: cannot read input file ({exc.strerror or 'unknown error'})")
        return 2
    try:
        result = redact(data, lang=lang, progress=_progress_printer(progress))
    except RedactorError as exc:
        echo(f"error: {exc.code}: {exc.message}")
        return 1
    tmp = output.with_name(output.name + ".part")
    try:
        tmp.write_bytes(result.data)
        tmp.replace(output)
        if report is not None:
            report.write_text(json.dumps(result.report(), indent=1), encoding="utf-8")
    except OSError as exc:
        echo(f"error: cannot write output ({exc.strerror or 'unknown error'})")
        return 2
    finally:
        tmp.unlink(missing_ok=True)
    if out is not None:
        out(json.dumps(result.report(), indent=1) if as_json else summary(result.report(), output))
    return 0


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="sargas redact", usage=USAGE,
                                 description="Redact personal data from a file; write the redacted copy "
                                             "(same format) to OUTPUT.")
    ap.add_argument("input", type=Path, metavar="INPUT",
                    help="Image, PDF, office document, text, mail or ZIP to redact.")
    ap.add_argument("-o", "--output", type=Path, required=True, help="Where to write the redacted copy.")
    ap.add_argument("--report", type=Path, default=None, help="Write a JSON findings report here.")
    ap.add_argument("--lang", default="auto", help="Document language: auto, lt, lv, ru or en.")
    ap.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="Pages done on stderr, one line per page (default: shown in place on a "
                         "terminal only).")
    ap.add_argument("--json", action="store_true",
                    help="Print the findings report as JSON on stdout instead of the summary line.")
    return ap


def main(argv: list[str]) -> int:
    """``sargas redact`` from its arguments (after the word ``redact``); the exit status."""
    a = _parser().parse_args(argv)  # usage errors exit 2, as the Typer command does
    if a.input.is_dir():
        sys.stderr.write("error: INPUT is a directory\n")
        return 2
    return redact_files(a.input, a.output, a.report, a.lang,
                        lambda msg: sys.stderr.write(msg + "\n"), a.progress,
                        lambda msg: sys.stdout.write(msg + "\n"), a.json)
