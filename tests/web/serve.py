"""Runs the real Sargas app (the intake app factory, with the web UI) under uvicorn for the browser
tests: ``python -m tests.web.serve PORT`` with ``SARGAS_DATA_DIR`` set by the fixture."""

from __future__ import annotations

import importlib
import sys

import uvicorn

from intake_api import app as app_module


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError as exc:  # a package another engineer is still building: say so, go on
        print(f"web tests: skipping router {name}: {exc}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    app_module.ROUTER_MODULES = tuple(
        m for m in app_module.ROUTER_MODULES if importlib.util.find_spec(m) is None or _importable(m)
    )
    uvicorn.run(app_module.create_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
