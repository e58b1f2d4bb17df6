"""The ``sargas`` command: one entry point, sub-commands registered by each package.

Each package exposes ``register(app: typer.Typer)`` in its own CLI module (listed below, in the
order of ``sargas --help``); heavy imports happen inside the commands. ``sargas redact ...`` is
dispatched before any of that (:mod:`redactor.redact_cli`): it imports the redactor only, not
Typer, the other command modules, FastAPI or SQLAlchemy.

``sargas --version`` prints the installed version (no framework is imported for it either).

No command prints a traceback for an operational error: :func:`main` turns any exception that
escapes a command into one line on stderr (the error's type, and for database / file-system /
network errors its message) and exit status 1. ``SARGAS_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer


def command_modules() -> tuple:
    """The command modules in the order of ``sargas --help``; imported only when the app is built,
    so that a ``sargas redact`` process (see :func:`main`) loads none of them."""
    from forms import cli as forms_cli
    from intake_api import commands, scale_cli
    from redactor import cli as redactor_cli
    from retention import cli as retention_cli

    return (redactor_cli, commands, forms_cli, retention_cli, scale_cli)


def build_app() -> typer.Typer:
    import typer

    app = typer.Typer(no_args_is_help=True, add_completion=False,
                      help="Sargas privacy-compliance gateway.")
    for module in command_modules():
        module.register(app)
    return app


def _one_line(exc: BaseException) -> str:
    name = type(exc).__name__
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")  # a database error implies it is loaded
    # bound parameters are hidden by the engine (sargas.db)
    if sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.SQLAlchemyError):
        text = str(getattr(exc, "orig", None) or exc)
    elif isinstance(exc, OSError | ConnectionError | TimeoutError):
        text = str(exc)
    else:  # unexpected: the type only (a message could quote document content)
        text = ""
    text = " ".join(text.split())[:300]
    return f"sargas: error: {name}" + (f": {text}" if text else "")


def version() -> str:
    """``sargas <version>`` from the installed distribution's metadata (``unknown`` from a bare checkout)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return f"sargas {dist_version('sargas')}"
    except PackageNotFoundError:
        return "sargas (version unknown: not installed)"


def _fast_redact(argv: list[str]) -> int | None:
    """``sargas redact ...`` without Typer (see :mod:`redactor.redact_cli`); None: not that command."""
    if len(argv) < 2 or argv[1] != "redact" or any(a in ("--help", "-h") for a in argv[2:]):
        return None  # everything else, and the help text, comes from the Typer app
    from redactor import redact_cli

    return redact_cli.main(argv[2:])


def main() -> None:
    try:
        if sys.argv[1:] in (["--version"], ["-V"]):
            sys.stdout.write(version() + "\n")
            raise SystemExit(0)
        status = _fast_redact(sys.argv)
        if status is not None:
            raise SystemExit(status)
        app = build_app()
        app.pretty_exceptions_enable = False
        app()
    except KeyboardInterrupt:
        sys.stderr.write("sargas: interrupted\n")
        raise SystemExit(130) from None
    except Exception as exc:  # noqa: BLE001 - the CLI's top-level handler
        if os.environ.get("SARGAS_DEBUG") == "1":
            raise
        sys.stderr.write(_one_line(exc) + "\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
