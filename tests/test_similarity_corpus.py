"""The similarity evaluation set (tests/similarity/corpus) holds what it claims, in every module:
independent submissions in number, copies.toml naming each copy's original and transforms,
files that parse as grading reads them, and stub-only submissions that keep the stub's
signatures and do at most one function, and copies that get their original's verdicts. (What
each module's files answer is checked in test_similarity_corpus_first.py and _second.py.)"""

from __future__ import annotations

import ast

import pytest

from .similarity.corpus_files import (
    CORPUS,
    KINDS,
    MODULES,
    ROOT,
    TRANSFORMS,
    code,
    copies,
    copy_file,
    files,
    pairs,
    verdicts,
)

pytestmark = pytest.mark.shipped_course


@pytest.mark.parametrize("module", MODULES)
def test_each_module_holds_the_submissions_the_evaluation_set_promises(module: str) -> None:
    independent = files(module, "independent")
    listed = copies(module)
    assert len(independent) >= 10
    assert len(listed) >= 8
    assert len({entry["of"] for entry in listed.values()}) >= 4
    assert len(files(module, "stub_only")) >= 4
    used = [word for entry in listed.values() for word in entry["transforms"]]
    assert set(used) == TRANSFORMS  # each transform at least once
    assert sum(len(set(entry["transforms"])) >= 3 for entry in listed.values()) >= 3


@pytest.mark.parametrize("module", MODULES)
def test_copies_toml_names_every_copy_once_with_an_original_and_known_transforms(
        module: str) -> None:
    listed = copies(module)
    independent = {p.stem for p in files(module, "independent")}
    assert {p.stem for p in files(module, "copies")} == set(listed)
    for name, entry in listed.items():
        copy_file(module, name)
        assert set(entry) == {"of", "transforms"}, name
        assert entry["of"] in independent, name
        assert entry["transforms"], name
        assert set(entry["transforms"]) <= TRANSFORMS, name
        assert len(entry["transforms"]) == len(set(entry["transforms"])), name


@pytest.mark.parametrize("module", MODULES)
def test_every_file_of_the_set_parses(module: str) -> None:
    for kind in KINDS:
        for path in files(module, kind):
            ast.parse(code(path), filename=str(path))


def _signatures(source: str) -> dict[str, str]:
    return {node.name: ast.unparse(node.args) for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef)}


@pytest.mark.parametrize("module", MODULES)
def test_stub_only_submissions_keep_the_stubs_functions_and_signatures(module: str) -> None:
    stub = _signatures((ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8"))
    for path in files(module, "stub_only"):
        assert _signatures(code(path)) == stub, path.name


@pytest.mark.parametrize("module", MODULES)
def test_stub_only_holds_the_stub_as_handed_out_its_words_edited_and_one_function_done(
        module: str) -> None:
    text = (ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8")
    sources = [code(path) for path in files(module, "stub_only")]
    assert text in sources
    assert any(s != text and _without_words(s) == _without_words(text) for s in sources)
    stub_bodies = _bodies(text)
    done = [[name for name, body in _bodies(s).items() if body != stub_bodies[name]]
            for s in sources]
    assert sum(len(names) == 1 for names in done) >= 2
    assert all(len(names) <= 1 for names in done)


def _without_words(source: str) -> str:
    """The code of a source, its docstrings, comments and layout set aside."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(tree)


def _bodies(source: str) -> dict[str, str]:
    return {node.name: _without_words(ast.unparse(node)) for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef)}


PAIRS = list(pairs(MODULES))
PAIR_IDS = [f"{module}/{name}" for module, name, _ in PAIRS]


@pytest.mark.parametrize(("module", "name", "original"), PAIRS, ids=PAIR_IDS)
def test_a_copy_gets_its_originals_verdict_on_every_graded_function(
        module: str, name: str, original: str) -> None:
    copied = verdicts(copy_file(module, name), module)
    assert copied == verdicts(CORPUS / module / "independent" / f"{original}.py", module)
