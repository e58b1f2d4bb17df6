"""Suite-wide rule: under CI (``CI=true``) nothing is skipped. A skip there means a service, tool or
browser the install steps should have provided is missing, so it is reported as a failure naming the
skip's reason (which names the step: ``.ci/install`` apt list, the ``test`` extra, ``.ci/test``'s
service start). Outside CI a skip stays a skip, so a developer without Chromium can still run the
rest."""

from __future__ import annotations

import os

import pytest

CI = os.environ.get("CI") == "true"


def _reason(longrepr: object) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true (CI runs every test): {_reason(report.longrepr)}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    if CI and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"module skipped under CI=true (CI runs every test): {_reason(report.longrepr)}"
    return report
