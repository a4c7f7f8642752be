"""The similarity evaluation set's files, read as the tests of it and of the ranking read them
(tests/similarity/corpus/<module>/: independent/, copies/ with copies.toml, stub_only/)."""

from __future__ import annotations

import contextlib
import io
import tomllib
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from grader.load.notebooks import NotebookSource, notebook_source

from ..realcode import oracle

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "similarity" / "corpus"
MODULES = tuple(sorted(p.name for p in CORPUS.iterdir() if (p / "copies.toml").is_file()))
TRANSFORMS = frozenset({"rename", "reformat", "reorder", "comments", "dead_code",
                        "comprehension", "operators"})
KINDS = ("independent", "copies", "stub_only")


def copies(module: str) -> dict[str, dict[str, Any]]:
    with (CORPUS / module / "copies.toml").open("rb") as file:
        return tomllib.load(file)


def files(module: str, kind: str) -> list[Path]:
    return sorted(p for p in (CORPUS / module / kind).iterdir() if p.suffix in (".py", ".ipynb"))


def code(path: Path) -> str:
    """A file's Python: a notebook's code cells top to bottom, as the grader runs them (its
    `!grader check` cell made harmless)."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    source = notebook_source(path.read_bytes(), path.name)
    assert isinstance(source, NotebookSource), (path.name, source)
    return source.source


def copy_file(module: str, name: str) -> Path:
    for suffix in (".py", ".ipynb"):
        path = CORPUS / module / "copies" / f"{name}{suffix}"
        if path.is_file():
            return path
    raise AssertionError(f"{module}: copies.toml names {name}, which is not in copies/")


@cache
def load(path: Path) -> ModuleType:
    """A file of the set imported here: the corpus is the team's own code."""
    name = "similarity_corpus_" + "_".join(path.relative_to(CORPUS).with_suffix("").parts)
    if path.suffix == ".py":
        return oracle.load(path, name)
    module = ModuleType(name)
    with contextlib.redirect_stdout(io.StringIO()):  # a scratch cell's prints
        exec(compile(code(path), str(path), "exec"), module.__dict__)
    return module


@cache
def verdicts(path: Path, module: str) -> dict[str, bool]:
    """The look-alike corpus's oracle on each graded function of a file of the set."""
    with warnings.catch_warnings():  # the learners' overflows and empty means are theirs
        warnings.simplefilter("ignore")
        return oracle.verdicts(module, load(path))


def pairs(modules: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    """(module, copy, original) of every copy of `modules`."""
    for module in modules:
        for name, entry in copies(module).items():
            yield module, name, entry["of"]
