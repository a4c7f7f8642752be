"""The similarity evaluation set read and measured: how the ranking separates disguised copies
from independent work, module by module (used by its test and by benchmarks/bench_similarity.py).

Each module's folder holds `independent/` files written apart, `copies/` made from one of them
and disguised (copies.toml names the original and the transforms), and `stub_only/` files that
share nothing but the starter code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from grader.similarity.compare import Rules, Submission, compare_module
from grader.similarity.model import ModuleSimilarity

from .corpus_files import CORPUS, MODULES, ROOT, code

__all__ = ["CORPUS", "ROOT", "Corpus", "Measured", "measure", "modules", "read_corpus", "starter"]

# The disguises the issue names; a copy also rewritten line by line with other operators
# (`@` for `.dot`, `x * x` for `x ** 2`, `shape[0]` for `len`) is measured apart: what is
# left of it is often what every learner writes.
DISGUISES = frozenset({"rename", "reformat", "reorder", "comments", "dead_code", "comprehension"})
REWRITES = frozenset({"operators"})


@dataclass(frozen=True)
class Corpus:
    submissions: tuple[Submission, ...]
    original: dict[str, str]  # copy -> the independent file it was made from
    transforms: dict[str, frozenset[str]]  # copy -> its transforms
    stub_only: frozenset[str]


@dataclass(frozen=True)
class Measured:
    module: str
    files: int
    copies: tuple[tuple[str, str], ...]  # (copy, its original), disguised as the issue says
    rewritten: tuple[tuple[str, str], ...]  # (copy, its original), rewritten line by line
    copy_pairs: frozenset[tuple[str, str]]  # every pair with the same origin, copies' too
    independent: tuple[tuple[str, str], ...]
    score: dict[tuple[str, str], float]  # every pair that shares anything
    reported: ModuleSimilarity  # what the report shows

    def of(self, pair: tuple[str, str]) -> float:
        return self.score.get(tuple(sorted(pair)), 0.0)  # type: ignore[arg-type]

    @property
    def lowest_copy(self) -> float:
        return min(self.of(p) for p in self.copies)

    @property
    def lowest_rewritten(self) -> float:
        return min((self.of(p) for p in self.rewritten), default=1.0)

    @property
    def highest_independent(self) -> float:
        return max((self.of(p) for p in self.independent), default=0.0)

    @property
    def rewritten_above(self) -> int:
        return sum(self.of(p) > self.highest_independent for p in self.rewritten)

    def precision_at_copies(self) -> float:
        """Of the top pairs, as many as there are pairs of the same origin, those that are."""
        ranked = sorted(self.score, key=lambda p: -self.score[p])[: len(self.copy_pairs)]
        return sum(p in self.copy_pairs for p in ranked) / len(self.copy_pairs)

    def reported_precision(self) -> float:
        pairs = [(p.a, p.b) for p in self.reported.pairs]
        return sum(p in self.copy_pairs for p in pairs) / len(pairs) if pairs else 1.0

    def stub_only_reported(self, corpus: Corpus) -> list[tuple[str, str]]:
        return [
            (p.a, p.b)
            for p in self.reported.pairs
            if p.a in corpus.stub_only or p.b in corpus.stub_only
        ]


def modules() -> list[str]:
    return list(MODULES)


def read_corpus(folder: Path) -> Corpus:
    listed = tomllib.loads((folder / "copies.toml").read_text(encoding="utf-8"))
    submissions, stub_only = [], set()
    for kind in ("independent", "copies", "stub_only"):
        for path in sorted((folder / kind).glob("*.*")):
            learner = f"{kind}/{path.name}"
            submissions.append(Submission(learner, code(path)))
            if kind == "stub_only":
                stub_only.add(learner)
    original, transforms = {}, {}
    for name, spec in listed.items():
        copy = f"copies/{_file(folder / 'copies', name)}"
        original[copy] = f"independent/{spec['of']}.py"
        transforms[copy] = frozenset(spec["transforms"])
    return Corpus(tuple(submissions), original, transforms, frozenset(stub_only))


def _file(folder: Path, name: str) -> str:
    """A copy named in copies.toml by its stem: a .py file, or a notebook."""
    return f"{name}.ipynb" if (folder / f"{name}.ipynb").is_file() else f"{name}.py"


def starter(module: str) -> list[str]:
    """The stub and the notebook's code cells, as `grader similarity` leaves them out."""
    stub = ROOT / "exercises" / f"{module}.py"
    return [code(stub), code(stub.with_suffix(".ipynb"))]


def measure(module: str, corpus: Corpus) -> Measured:
    everything = compare_module(
        module=module,
        submissions=corpus.submissions,
        starter=starter(module),
        rules=Rules(report_at=0.0, most_pairs=10**6),
    )
    reported = compare_module(
        module=module, submissions=corpus.submissions, starter=starter(module)
    )
    learners = sorted(s.learner for s in corpus.submissions)

    def origin(learner: str) -> str:
        return corpus.original.get(learner, learner)

    def pairs(rewritten: bool) -> tuple[tuple[str, str], ...]:
        return tuple(
            (copy, corpus.original[copy])
            for copy in sorted(corpus.original)
            if bool(corpus.transforms[copy] & REWRITES) == rewritten
        )

    return Measured(
        module=module,
        files=len(learners),
        copies=pairs(rewritten=False),
        rewritten=pairs(rewritten=True),
        copy_pairs=frozenset(
            (a, b)
            for a, b in combinations(learners, 2)
            if (a in corpus.original or b in corpus.original) and origin(a) == origin(b)
        ),
        independent=tuple(
            (a, b)
            for a, b in combinations(learners, 2)
            if a.startswith("independent/") and b.startswith("independent/")
        ),
        score={(p.a, p.b): p.score for p in everything.pairs},
        reported=reported,
    )
