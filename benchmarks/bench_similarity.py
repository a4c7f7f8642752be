"""Benchmark `grader similarity`: how long a large class takes, and how well the ranking
separates copies from independent work on the evaluation set.

    python benchmarks/bench_similarity.py --learners 2000 --jobs 2   # the timing
    python benchmarks/bench_similarity.py --learners 2000 --gradebook   # as grader similarity runs
    python benchmarks/bench_similarity.py --evaluate                 # the evaluation set

The timing class is generated: each learner's module is made of the course's functions as
different people wrote them (the evaluation set's independent files, the look-alike corpus,
the sample class, the capstone's pipelines), each function with a line of the learner's own;
2 % of the learners copy another's module, renamed and with its functions reordered; a third
of the learners give wrong answers, most of them answers many give. The modules are compared
as `grader similarity` compares them, on --jobs processes (the gradebook read is not timed:
`grader similarity` reads a graded class's sources and results once).

--evaluate ranks every pair of each module of tests/similarity/corpus and prints, per
module, the precision of the top pairs (as many as there are copy pairs), the lowest copy's
score against the highest independent pair's, and whether a stub-only pair was reported.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.similarity.compare import Answer, Submission, compare_module  # noqa: E402
from tests.similarity import evaluation  # noqa: E402

CORPUS = evaluation.CORPUS


def _modules() -> list[str]:
    return list(tomllib.loads((ROOT / "exercises" / "course.toml").read_text())["modules"])


def _bases(module: str) -> list[Path]:
    if module == "capstone":
        return sorted((ROOT / "tests" / "capstone" / "pipelines").glob("*.py"))
    return [
        *sorted((CORPUS / module / "independent").glob("*.py")),
        *sorted((ROOT / "tests" / "realcode" / module).glob("*.py")),
        *sorted((ROOT / "examples" / "class").glob(f"*/{module}.py")),
    ]


def _starter(module: str) -> list[str]:
    return [(ROOT / "exercises" / f"{module}.py").read_text()]


def _functions(path: Path) -> dict[str, str]:
    source = path.read_text()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {
        node.name: ast.get_source_segment(source, node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


def _own_line(function: str, rng: random.Random) -> str:
    """The function with a line only this learner wrote, after its signature."""
    head, _, body = function.partition(":\n")
    line = f"    scale_{rng.randrange(10**6)} = {rng.randrange(10**6)} * {rng.random():.6f}\n"
    return f"{head}:\n{line}{body}"


def _class(module: str, learners: int, seed: int) -> list[Submission]:
    rng = random.Random(f"{seed}-{module}")
    pools: dict[str, list[str]] = {}
    for path in _bases(module):
        for name, code in _functions(path).items():
            pools.setdefault(name, []).append(code)
    names = sorted(pools)
    common_wrong = [f"{module}-wrong-{n}" for n in range(12)]
    made: list[Submission] = []
    for i in range(learners):
        if made and rng.random() < 0.02:  # a copy of someone's module, disguised
            original = rng.choice(made)
            parts = original.source.split("\n\n\n")
            rng.shuffle(parts)
            made.append(Submission(f"l{i:05d}", "\n\n\n".join(parts), original.answers))
            continue
        code = "import numpy as np\n\n\n" + "\n\n\n".join(
            _own_line(rng.choice(pools[name]), rng) for name in names
        )
        answers = tuple(
            Answer(f"test_{module}_{n}", f"check {n}", "failed", rng.choice(common_wrong))
            if rng.random() < 0.8
            else Answer(f"test_{module}_{n}", f"check {n}", "failed", f"own-{i}-{n}")
            for n in range(rng.randrange(4))
            if rng.random() < 0.35
        )
        made.append(Submission(f"l{i:05d}", code, answers))
    return made


def _compare(module: str, learners: int, seed: int) -> tuple[str, float, float, int, int, int]:
    submissions = _class(module, learners, seed)
    start, cpu = time.perf_counter(), time.process_time()
    found = compare_module(module=module, submissions=submissions, starter=_starter(module))
    return (
        module,
        time.perf_counter() - start,
        time.process_time() - cpu,
        found.submissions,
        found.candidates,
        len(found.pairs),
    )


def timing(learners: int, jobs: int, seed: int) -> None:
    modules = _modules()
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        results = list(
            pool.map(_compare, modules, [learners] * len(modules), [seed] * len(modules))
        )
    wall = time.perf_counter() - start
    for module, seconds, cpu, compared, candidates, reported in results:
        print(
            f"{module:20s} {compared:6d} submissions  {candidates:8d} pairs compared  "
            f"{reported:5d} reported  {seconds:6.2f} s ({cpu:.2f} s CPU)"
        )
    cpu = sum(r[2] for r in results)
    print(
        f"{learners} learners x {len(modules)} modules on {jobs} processes: {wall:.1f} s "
        f"(generating the class included; comparing: {cpu:.1f} s CPU in all, load "
        f"{os.getloadavg()[0]:.1f})"
    )


def gradebook_timing(learners: int, jobs: int, seed: int) -> None:
    """`grader similarity` as an instructor runs it, gradebook read and report written: on a
    gradebook of `learners` × the course's modules, made from the sample class's graded
    attempts with the generated class's code as each learner's source."""
    from grader.course import load_course
    from grader.similarity.run import similarity_report

    with tempfile.TemporaryDirectory() as folder:
        db = _gradebook(Path(folder), learners, seed)
        start, cpu = time.perf_counter(), time.process_time()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        found, written = similarity_report(
            db=db, course=load_course(ROOT), out=Path(folder) / "similarity", jobs=jobs
        )
        wall = time.perf_counter() - start
    own = time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    pairs = sum(len(m.pairs) for m in found.modules)
    print(
        f"grader similarity, {learners} learners x {len(found.modules)} modules from the "
        f"gradebook, on {jobs} processes: {wall:.1f} s ({own:.1f} s CPU here, "
        f"{workers:.1f} s in the workers; {pairs} pairs "
        f"reported, {len(written)} files written; load {os.getloadavg()[0]:.1f})"
    )


def _gradebook(folder: Path, learners: int, seed: int) -> Path:
    sample = folder / "sample"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "grade",
            str(ROOT / "examples" / "class"),
            "--out",
            str(sample),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    db = sample / "gradebook.sqlite"
    with sqlite3.connect(db) as con:
        for module in _modules():
            template = con.execute(
                "SELECT * FROM attempts WHERE module = ? AND status = 'graded' LIMIT 1", (module,)
            ).fetchone()
            names = [d[0] for d in con.execute("SELECT * FROM attempts LIMIT 0").description]
            for submission in _class(module, learners, seed):
                _record(con, names, template, submission)
    return db


def _record(con: sqlite3.Connection, names: list[str], template: tuple, one: Submission) -> None:
    sha = hashlib.sha256(one.source.encode()).hexdigest()
    con.execute("INSERT OR IGNORE INTO sources (sha256, text) VALUES (?, ?)", (sha, one.source))
    row = dict(zip(names, template, strict=True))
    row.update(id=None, learner=one.learner, source_sha256=sha, file_sha256=sha)
    attempt = con.execute(
        f"INSERT INTO attempts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    ).lastrowid
    con.execute(
        "INSERT OR REPLACE INTO latest (learner, module, attempt_id, submitted_from) "
        "VALUES (?, ?, ?, 'mtime')",
        (one.learner, row["module"], attempt),
    )


def evaluate(corpus: Path) -> None:
    for module in sorted(p.name for p in corpus.iterdir() if (p / "copies.toml").is_file()):
        read = evaluation.read_corpus(corpus / module)
        found = evaluation.measure(module, read)
        stub_only = found.stub_only_reported(read)
        print(
            f"{module:20s} {found.files:3d} files  {len(found.copy_pairs):3d} pairs of one "
            f"origin: precision of the top {len(found.copy_pairs)} "
            f"{found.precision_at_copies():.2f}; disguised copies: lowest "
            f"{found.lowest_copy:.2f} vs highest independent pair "
            f"{found.highest_independent:.2f} "
            f"({'above' if found.lowest_copy > found.highest_independent else 'NOT ABOVE'}); "
            f"rewritten copies above every independent pair: {found.rewritten_above}/"
            f"{len(found.rewritten)}; reported {len(found.reported.pairs)} "
            f"(precision {found.reported_precision():.2f}); stub-only reported: {len(stub_only)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--evaluate", action="store_true")
    parser.add_argument(
        "--gradebook", action="store_true", help="Time grader similarity from a gradebook."
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="The evaluation set.")
    args = parser.parse_args()
    if args.evaluate:
        evaluate(args.corpus)
    elif args.gradebook:
        gradebook_timing(args.learners, args.jobs, args.seed)
    else:
        timing(args.learners, args.jobs, args.seed)


if __name__ == "__main__":
    main()
