"""The package's imports run one way: no module imports, even lazily inside a function, a module
that imports it back (directly or through others)."""
from __future__ import annotations

import ast
from pathlib import Path

import workbench

PACKAGE = Path(workbench.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Package modules ``path`` imports anywhere in its body (top level or inside functions)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # ``from . import store`` imports the module store, not the package's __init__
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in modules and target != name}
    return found


def import_graph() -> dict[str, set[str]]:
    paths = [path for path in PACKAGE.rglob("*.py")]
    modules = {_module_name(path) for path in paths}
    return {_module_name(path): _imports(path, modules) for path in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert "workbench.api" in import_graph()["workbench.cli.base"]


def test_no_import_cycles_in_the_package():
    assert cycles(import_graph()) == []


FACES = ("workbench.cli", "workbench.web")
FACE_MAY_USE = {"workbench", "workbench.api", "workbench.errors", "workbench.model", "workbench.config"}


def _is_face(module: str) -> bool:
    return any(module == face or module.startswith(face + ".") for face in FACES)


def test_faces_reach_the_library_only_through_the_facade():
    """The CLI and the web UI use ``Workbench`` (api), the errors and the vocabulary — nothing else,
    so both faces show the same rules (a person's verdict, role checks) applied in one place."""
    reaching = {face: sorted(target for target in targets if not _is_face(target) and target not in FACE_MAY_USE)
                for face, targets in import_graph().items() if _is_face(face)}
    assert {face: targets for face, targets in reaching.items() if targets} == {}


# Where a package module may be imported inside a function, and why: everything else imports at the top,
# so a module's first lines say what it depends on.
LAZY_BY_DESIGN = {
    "workbench/__init__.py": "`import workbench` stays cheap; Workbench is loaded when first asked for",
    "workbench/__main__.py": "the entry point turns an ImportError anywhere below it into an environment error",
    "workbench/cli/serve.py": "only `serve` and `demo` pay for importing Flask",
    "workbench/web/__init__.py": "the Flask factory registers its blueprints when an app is made",
}


def _lazy_package_imports(path: Path) -> list[int]:
    """Line numbers of package imports inside functions."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.level or (inner.module or "").startswith("workbench")):
                    lines.append(inner.lineno)
                elif isinstance(inner, ast.Import) and any(a.name.startswith("workbench") for a in inner.names):
                    lines.append(inner.lineno)
    return lines


def test_package_modules_are_imported_at_the_top():
    found = {str(path.relative_to(PACKAGE.parent)): lines for path in PACKAGE.rglob("*.py")
             if (lines := _lazy_package_imports(path))}
    assert {path: lines for path, lines in found.items() if path not in LAZY_BY_DESIGN} == {}
    assert set(LAZY_BY_DESIGN) <= set(found), "an exemption no longer needed: drop it"
