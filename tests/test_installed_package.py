"""The installed `sargas` distribution carries every module and data file of the checkout's packages.

`.ci/run` installs the project regularly (a built wheel, not editable) into a fresh venv; this test
compares that wheel's RECORD with the checkout: each file of the product packages (templates,
catalogues, gazetteers, migrations ... everything but docs and caches) must be installed, with the
same sha256, so a package missing from ``[tool.setuptools.packages.find]`` or a data file missing
from ``package-data`` fails here instead of on the first real installation. Under an editable
install (developer venvs) the checkout *is* the installation and only that is asserted.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.metadata import Distribution, distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("redactor", "intake_api", "forms", "retention", "sargas")
NOT_SHIPPED = {".md", ".pyc"}


def _record_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def checkout_files() -> list[str]:
    out = []
    for top in PACKAGES:
        for p in (ROOT / top).rglob("*"):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in NOT_SHIPPED:
                out.append(p.relative_to(ROOT).as_posix())
    return sorted(out)


def installed() -> Distribution:
    """The installed `sargas`, not the metadata an in-tree build leaves in the checkout."""
    found = [d for d in distributions(name="sargas") if Path(str(d.locate_file(""))).resolve() != ROOT]
    assert found, "the sargas distribution is not installed"
    return found[0]


def test_installed_distribution_matches_the_checkout() -> None:
    dist = installed()
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        assert Path(direct["url"].removeprefix("file://")).is_dir(), direct
        return
    record = {f.as_posix(): f.hash.value for f in dist.files or [] if f.hash}
    files = checkout_files()
    assert len(files) > 50 and any(f.endswith(".html") for f in files)
    missing = [f for f in files if f not in record]
    assert not missing, f"not in the installed wheel (packages.find / package-data?): {missing[:20]}"
    differ = [f for f in files if "sha256=" + record[f] != _record_hash(ROOT / f)]
    assert not differ, f"installed copy differs from the checkout (stale build/?): {differ[:20]}"
    assert dist.entry_points.select(group="console_scripts", name="sargas")
