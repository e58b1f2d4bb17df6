"""Runs the real Sargas app (the intake app factory, with the web UI) under uvicorn for the browser
tests: ``python -m tests.web.serve PORT`` with ``SARGAS_DATA_DIR`` set by the fixture."""

from __future__ import annotations

import sys

import uvicorn

from intake_api import app as app_module

if __name__ == "__main__":
    uvicorn.run(app_module.create_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
