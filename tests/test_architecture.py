"""The shape of the package holds: no import cycles, the learner's side imports nothing of the
trusted side, and no module grows past what a reader can hold."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "grader"
INSIDE = PACKAGE / "inside"
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(node: ast.Import | ast.ImportFrom, here: str) -> list[str]:
    """The grader modules one import statement loads, wherever it stands (a function, a
    TYPE_CHECKING block): `from grader.a import b` loads grader.a.b when that is a module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: resolve against this module's package
        package = here.split(".")[: len(here.split(".")) - node.level
                                     + (MODULES[here].name == "__init__.py")]
        base = ".".join([*package, *([node.module] if node.module else [])])
    else:
        base = node.module or ""
    submodules = [f"{base}.{alias.name}" for alias in node.names]
    return [name for name in submodules if name in MODULES] or [base]


def imports_in(source: str, here: str) -> set[str]:
    """The grader modules a module's source imports, anywhere in it."""
    imports = (node for node in ast.walk(ast.parse(source))
               if isinstance(node, ast.Import | ast.ImportFrom))
    return {target for node in imports for target in _imported(node, here)
            if target in MODULES and target != here}


def import_graph() -> dict[str, set[str]]:
    """Each grader module and the grader modules it imports."""
    return {name: imports_in(path.read_text(), name) for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = [stack.pop()]
            while component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_grader_imports_itself_back_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_sees_a_cycle_through_an_import_inside_a_function():
    graph = {"grader.a": {"grader.b"}, "grader.b": {"grader.c"}, "grader.c": {"grader.a"},
             "grader.d": {"grader.a"}}
    assert cycles(graph) == [["grader.a", "grader.b", "grader.c"]]


def test_the_import_graph_follows_imports_inside_functions_and_type_checking_blocks():
    source = ("from typing import TYPE_CHECKING\n"
              "if TYPE_CHECKING:\n    from grader.results import ModuleResult\n"
              "def grade():\n    from grader.course import load_course\n")
    assert imports_in(source, "grader.cli") == {"grader.results", "grader.course"}


def _outside_imports(path: Path) -> set[str]:
    """The top-level packages a learner-side module imports, anywhere in it."""
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add("." if node.level else (node.module or "").split(".")[0])
    return names


ALLOWED_INSIDE = set(sys.stdlib_module_names) | {"numpy"}


def test_the_learner_side_imports_only_the_standard_library_and_numpy():
    for path in sorted(INSIDE.glob("*.py")):
        assert _outside_imports(path) <= ALLOWED_INSIDE, path.name


# Loads the child as the zygote does (by file path, in an isolated interpreter), warm-up and
# every isolation layer included, and lists the modules that loading added.
LOAD_AS_THE_ZYGOTE_DOES = """
import importlib.util, json, sys
before = set(sys.modules)
spec = importlib.util.spec_from_file_location("_grader_child", sys.argv[1] + "/child.py")
child = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = child
spec.loader.exec_module(child)
for layer in ("namespaces", "landlock", "seccomp", "warmup"):
    child._load_sibling(layer)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_the_child_loaded_as_the_zygote_loads_it_brings_in_no_module_of_the_trusted_side():
    done = subprocess.run([sys.executable, "-I", "-c", LOAD_AS_THE_ZYGOTE_DOES, str(INSIDE)],
                          capture_output=True, text=True, timeout=60, check=True)
    loaded = json.loads(done.stdout)
    assert "_grader_child" in loaded and "_grader_seccomp" in loaded
    outside = {name for name in loaded if not name.startswith("_grader_")
               and name.split(".")[0] not in ALLOWED_INSIDE}
    assert outside == set()


def test_no_module_of_the_grader_is_longer_than_a_reader_can_hold():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}
