"""The ``sargas`` command: one entry point, sub-commands registered by each package.

Each package exposes ``register(app: typer.Typer)`` in its own CLI module; heavy imports happen
inside the commands so that ``sargas redact`` does not pay for the web stack.

No command prints a traceback for an operational error: :func:`main` turns any exception that
escapes a command into one line on stderr (the error's type, and for database / file-system /
network errors its message) and exit status 1. ``SARGAS_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys

import typer

# (module, attribute) pairs; a module that is not there yet is simply not offered.
_COMMAND_MODULES = (
    "redactor.cli",
    "intake_api.commands",
    "forms.cli",
    "retention.cli",
    "intake_api.scale_cli",
)


def build_app() -> typer.Typer:
    app = typer.Typer(no_args_is_help=True, add_completion=False,
                      help="Sargas privacy-compliance gateway.")
    for name in _COMMAND_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        importlib.import_module(name).register(app)
    return app


def _one_line(exc: BaseException) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    name = type(exc).__name__
    if isinstance(exc, SQLAlchemyError):  # bound parameters are hidden by the engine (retention.db)
        text = str(getattr(exc, "orig", None) or exc)
    elif isinstance(exc, OSError | ConnectionError | TimeoutError):
        text = str(exc)
    else:  # unexpected: the type only (a message could quote document content)
        text = ""
    text = " ".join(text.split())[:300]
    return f"sargas: error: {name}" + (f": {text}" if text else "")


def main() -> None:
    app = build_app()
    app.pretty_exceptions_enable = False
    try:
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
