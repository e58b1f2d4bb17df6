"""Every third-party module the project imports is declared in pyproject.toml, by name.

Walks the AST of every .py file of the product packages, tests/ and bench/, collects the top-level
modules they import (lazy and optional imports included), drops the standard library and the
project's own packages and helper modules, maps each remaining name to the installed distribution(s)
that provide it (``importlib.metadata.packages_distributions()``) and requires one of them to be
named directly in pyproject.toml: arriving as a dependency of a declared package is not enough,
since that package may drop it. Product code may only rely on the runtime dependencies and the
``scale`` extra; tests and bench/ may also use the ``test`` extra.

A module nothing here installs passes only when a declared requirement has its very name (an
optional extra such as ``bench`` that CI does not install). Fails naming the module, the files
importing it and the distribution to declare (or "installed by
no distribution" when nothing in this environment provides it, as in a fresh venv where it was
never declared).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("redactor", "intake_api", "forms", "retention", "sargas")
OTHER = ("tests", "bench")
FIRST_PARTY = {*PRODUCT, *OTHER}
RUNTIME_GROUPS = ("scale",)  # optional groups product code may import from, beside the runtime deps


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _req_name(req: str) -> str:
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    assert m, f"unparsable requirement in pyproject.toml: {req!r}"
    return _norm(m.group(1))


def declared() -> tuple[set[str], set[str]]:
    """(names product code may use, names tests/bench may use), normalised."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = project.get("optional-dependencies", {})
    runtime = {_req_name(r) for r in project.get("dependencies", [])}
    for g in RUNTIME_GROUPS:
        runtime |= {_req_name(r) for r in groups.get(g, [])}
    everything = runtime | {_req_name(r) for reqs in groups.values() for r in reqs}
    return runtime, everything


def sources(top: str) -> list[Path]:
    base = ROOT / top
    return sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts) if base.is_dir() else []


def local_modules() -> set[str]:
    """Helper modules that tests/ and bench/ import by bare name (their directory is on sys.path
    when pytest or the script runs), e.g. ``redactor_docs``."""
    packages = {p.parent.name for top in OTHER for p in (ROOT / top).rglob("__init__.py")}
    return {p.stem for top in OTHER for p in sources(top)} | packages


def imported(path: Path) -> set[str]:
    mods: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            mods |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            mods.add(node.module.split(".")[0])
    return mods


def third_party(tops: tuple[str, ...]) -> dict[str, set[str]]:
    """Top-level third-party module -> the files (relative) that import it."""
    skip = set(sys.stdlib_module_names) | FIRST_PARTY | local_modules() | {"__future__"}
    found: dict[str, set[str]] = {}
    for top in tops:
        for path in sources(top):
            for mod in imported(path) - skip:
                found.setdefault(mod, set()).add(str(path.relative_to(ROOT)))
    return found


def undeclared(tops: tuple[str, ...], allowed: set[str]) -> list[str]:
    dists = packages_distributions()
    problems = []
    for mod, files in sorted(third_party(tops).items()):
        provided_by = sorted({_norm(d) for d in dists.get(mod, [])})
        where = ", ".join(sorted(files)[:3]) + (" ..." if len(files) > 3 else "")
        if not provided_by and _norm(mod) in allowed:
            continue  # an optional extra this environment did not install (e.g. `bench`), declared by name
        if not provided_by:
            problems.append(f"{mod!r} (imported by {where}) is installed by no distribution: declare it")
        elif not allowed.intersection(provided_by):
            problems.append(f"{mod!r} (imported by {where}) comes from {' / '.join(provided_by)}, "
                            "which pyproject.toml does not declare directly")
    return problems


def test_product_imports_are_runtime_or_scale_dependencies() -> None:
    runtime, _ = declared()
    problems = undeclared(PRODUCT, runtime)
    assert not problems, "undeclared imports in the product:\n  " + "\n  ".join(problems)


def test_test_and_bench_imports_are_declared() -> None:
    _, everything = declared()
    problems = undeclared(OTHER, everything)
    assert not problems, "undeclared imports in tests/bench:\n  " + "\n  ".join(problems)


def test_the_walk_sees_the_project() -> None:
    """The check is not vacuous: it finds the product's own imports and knows their distributions."""
    found = third_party(PRODUCT)
    assert {"fastapi", "pymupdf", "sqlalchemy"} <= set(found)
    assert "psutil" in third_party(OTHER)
    assert "os" not in found and "redactor" not in found
