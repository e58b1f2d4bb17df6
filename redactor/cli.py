"""``sargas redact INPUT -o OUTPUT [--report R.json] [--lang auto|lt|lv|ru|en] [--progress]``.

Pages done are shown on stderr: updated in place on a terminal, or one line per page
(``page 3/50``) with ``--progress`` when stderr is not a terminal (logs, CI, pipes).
Errors are one line on stderr (``error: <code>: <message>``) and a non-zero exit status.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer


def _progress_printer(lines: bool | None):
    """Progress on stderr: in place on a terminal; one line per page when asked (``lines``)."""
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


def redact_cmd(
    input: Path = typer.Argument(..., help="Image, PDF, office document, text, mail or ZIP to redact.",
                                 dir_okay=False),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the redacted copy."),
    report: Path | None = typer.Option(None, "--report", help="Write a JSON findings report here."),
    lang: str = typer.Option("auto", "--lang", help="Document language: auto, lt, lv, ru or en."),
    progress: bool | None = typer.Option(None, "--progress/--no-progress",
                                         help="Pages done on stderr, one line per page (default: "
                                              "shown in place on a terminal only)."),
) -> None:
    """Redact personal data from a file; write the redacted copy (same format) to OUTPUT."""
    from redactor.engine import LANGS, redact
    from redactor.errors import RedactorError

    if lang not in LANGS:
        typer.echo(f"error: unknown language '{lang}' (use {', '.join(LANGS)})", err=True)
        raise typer.Exit(2)
    try:
        data = input.read_bytes()
    except OSError as exc:
        typer.echo(f"error: cannot read input file ({exc.strerror or 'unknown error'})", err=True)
        raise typer.Exit(2) from exc
    try:
        result = redact(data, lang=lang, progress=_progress_printer(progress))
    except RedactorError as exc:
        typer.echo(f"error: {exc.code}: {exc.message}", err=True)
        raise typer.Exit(1) from exc
    tmp = output.with_name(output.name + ".part")
    try:
        tmp.write_bytes(result.data)
        tmp.replace(output)
        if report is not None:
            report.write_text(json.dumps(result.report(), indent=1), encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write output ({exc.strerror or 'unknown error'})", err=True)
        raise typer.Exit(2) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _group() -> None:
    """Sargas privacy-compliance gateway."""


def register(app: typer.Typer) -> None:
    # a callback keeps ``sargas redact ...`` a sub-command even while it is the only command
    if app.registered_callback is None:
        app.callback()(_group)
    app.command("redact")(redact_cmd)
