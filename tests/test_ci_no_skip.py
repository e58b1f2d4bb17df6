"""Under ``CI=true`` a skip is a failure (tests/conftest.py): runs pytest on a two-test file with our
conftest as a plugin, once as CI and once as a developer, and reads the outcome."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = '''
import pytest

@pytest.fixture
def chromium():
    pytest.skip("chromium is missing (apt package chromium: .ci/install)")

def test_needs_tool(chromium):
    pass

def test_skips_itself():
    pytest.skip("tesseract is missing (.ci/install)")

def test_plain():
    pass
'''


def _run(tmp_path: Path, ci: str | None) -> str:
    (tmp_path / "test_case.py").write_text(CASE)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    cmd = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "tests.conftest", "-p", "no:cacheprovider",
           "test_case.py"]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return proc.stdout


def test_skips_fail_under_ci(tmp_path: Path) -> None:
    out = _run(tmp_path, "true")
    # a fixture's skip turns into a setup error, a test's own skip into a failure
    assert "1 failed, 1 passed, 1 error" in out, out
    assert "chromium is missing (apt package chromium: .ci/install)" in out
    assert "skipped under CI=true" in out


def test_skips_stay_skips_outside_ci(tmp_path: Path) -> None:
    out = _run(tmp_path, None)
    assert "1 passed, 2 skipped" in out, out
