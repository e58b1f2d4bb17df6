"""``sargas redact INPUT -o OUTPUT [--report R.json] [--lang auto|lt|lv|ru|en]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total > 1:
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\rpage {done}/{total}{end}")
            sys.stderr.flush()

    return show


def redact_cmd(
    input: Path = typer.Argument(..., help="Image, PDF, office document, text, mail or ZIP to redact.",
                                 dir_okay=False),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the redacted copy."),
    report: Path | None = typer.Option(None, "--report", help="Write a JSON findings report here."),
    lang: str = typer.Option("auto", "--lang", help="Document language: auto, lt, lv, ru or en."),
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
        result = redact(data, lang=lang, progress=_progress_printer())
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
