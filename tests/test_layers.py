"""The import rule, checked on the source (AST, nothing is imported):

``redactor`` <- ``sargas`` <- ``retention`` <- ``forms`` <- ``intake_api``: a package imports only
packages to its left; no import circle between product modules (function-level imports count: they
hide circles, they do not open them); nothing imports another module's ``_private`` name (neither
``from m import _x`` nor ``m._x``).

Each check is also run on a small synthetic tree, so a broken checker cannot pass silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("redactor", "sargas", "retention", "forms", "intake_api")


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


class Graph:
    """Modules of the product packages under ``root`` and the imports between them."""

    def __init__(self, root: Path, packages: tuple[str, ...] = LAYERS) -> None:
        self.packages = packages
        self.files: dict[str, Path] = {}
        for pkg in packages:
            for f in sorted((root / pkg).rglob("*.py")):
                parts = list(f.relative_to(root).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                self.files[".".join(parts)] = f
        self.edges: dict[str, set[str]] = {m: set() for m in self.files}
        self.private: list[str] = []
        for mod, f in self.files.items():
            self._scan(mod, f)

    def _owner(self, dotted: str) -> str | None:
        """The product module that ``dotted`` names (or lies in), None for third-party names."""
        if dotted.split(".")[0] not in self.packages:
            return None
        while dotted not in self.files and "." in dotted:
            dotted = dotted.rsplit(".", 1)[0]
        return dotted if dotted in self.files else None

    def _scan(self, mod: str, f: Path) -> None:
        tree = ast.parse(f.read_text(encoding="utf-8"), filename=str(f))
        is_pkg = f.name == "__init__.py"
        aliases: dict[str, str] = {}  # local name -> product module it is bound to
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    tgt = self._owner(a.name)
                    if tgt:
                        self.edges[mod].add(tgt)
                        if a.asname:
                            aliases[a.asname] = tgt
                        else:  # ``import a.b`` binds ``a``
                            aliases[a.name.split(".")[0]] = a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    pkg = mod.split(".") if is_pkg else mod.split(".")[:-1]
                    pkg = pkg[: len(pkg) - node.level + 1]
                    base = ".".join(pkg + ([base] if base else []))
                for a in node.names:
                    sub = f"{base}.{a.name}"
                    if sub in self.files:  # ``from pkg import module``
                        self.edges[mod].add(sub)
                        aliases[a.asname or a.name] = sub
                        continue
                    tgt = self._owner(base)
                    if tgt is None:
                        continue
                    self.edges[mod].add(tgt)
                    if _is_private(a.name) and tgt != mod:
                        self.private.append(f"{mod} imports {tgt}.{a.name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _is_private(node.attr):
                chain, v = [node.attr], node.value
                while isinstance(v, ast.Attribute):
                    chain.append(v.attr)
                    v = v.value
                if isinstance(v, ast.Name) and v.id in aliases:
                    target = ".".join([aliases[v.id], *reversed(chain[1:])])
                    if target in self.files and target != mod:
                        self.private.append(f"{mod} uses {target}.{node.attr}")

    def upward(self) -> list[str]:
        rank = {p: i for i, p in enumerate(self.packages)}
        return sorted(f"{a} -> {b}" for a, bs in self.edges.items() for b in bs
                      if rank[b.split(".")[0]] > rank[a.split(".")[0]])

    def cycles(self) -> list[list[str]]:
        """Strongly connected components with more than one module (Tarjan, iterative)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on: set[str] = set()
        out: list[list[str]] = []
        counter = 0
        for start in self.files:
            if start in index:
                continue
            work = [(start, iter(sorted(self.edges[start])))]
            index[start] = low[start] = counter
            counter += 1
            stack.append(start)
            on.add(start)
            while work:
                v, it = work[-1]
                w = next(it, None)
                if w is not None:
                    if w not in index:
                        index[w] = low[w] = counter
                        counter += 1
                        stack.append(w)
                        on.add(w)
                        work.append((w, iter(sorted(self.edges[w]))))
                    elif w in on:
                        low[v] = min(low[v], index[w])
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
        return sorted(out)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph(ROOT)


def test_every_layer_is_scanned(graph):
    for pkg in LAYERS:
        assert pkg in graph.files, pkg
    assert len(graph.files) > 100 and sum(map(len, graph.edges.values())) > 200


def test_no_upward_import(graph):
    assert graph.upward() == []


def test_no_import_circle(graph):
    assert graph.cycles() == []


def test_no_private_import_across_modules(graph):
    assert graph.private == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Graph:
    for rel, src in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src, encoding="utf-8")
    for pkg in LAYERS:
        (tmp_path / pkg).mkdir(exist_ok=True)
        (tmp_path / pkg / "__init__.py").touch()
    return Graph(tmp_path)


def test_checker_finds_each_violation(tmp_path):
    g = _tree(tmp_path, {
        "sargas/db.py": "def f():\n    from retention import vault\n",  # upward, hidden in a function
        "retention/vault.py": "from retention.keys import k\n_x = 1\n",
        "retention/keys.py": "def k():\n    from retention import vault\n    return vault._x\n",
        "forms/a.py": "from .b import _helper\n",
        "forms/b.py": "def _helper(): ...\n",
        "intake_api/c.py": "import forms.b\nforms.b._helper()\nfrom redactor import x\n",
    })
    assert g.upward() == ["sargas.db -> retention.vault"]
    assert g.cycles() == [["retention.keys", "retention.vault"]]
    assert sorted(g.private) == ["forms.a imports forms.b._helper", "intake_api.c uses forms.b._helper",
                                 "retention.keys uses retention.vault._x"]
