"""Warm the zygote before it forks any job: run, in the zygote, the code every job runs.

A job is a fork of the zygote and starts with the zygote's interpreter as it is. Python
specialises its bytecode where it runs, and numpy sets up some of its machinery on a
function's first call, so code the zygote never ran is run cold in every job: about 1 ms of
CPU per graded file, measured, for the wire format, the loading of a file and the numpy
idioms of the course. Running them here first (about 10 ms, once per zygote), on made-up data
that is nobody's, makes every job start warm. Nothing of a learner's or an instructor's is
involved, and nothing of it stays in sight of a job.

numpy also imports two of its submodules only when first used, and the course's contracts
reach both: `numpy.random` (a seeded shuffle: `np.random.default_rng(seed)`) and `numpy.ma`
(which `np.unique` without counts, `np.median`, `np.percentile` and the set operations
consult). Each costs a job 15 to 20 ms of CPU, more than the rest of a file's calls;
imported here, once. So numpy's global generator, like `random`
(grader.inside.zygote._fork), starts from the same state in every job of a zygote.
"""

from __future__ import annotations

import linecache
import sys
import types
from typing import Any

# The idioms of machine-learning-from-scratch code: reductions, sorting, counting, distances.
SOURCE = """
import numpy as np

def reduce(values, weights):
    values = np.asarray(values, dtype=float)
    total = float(np.sum((values - np.mean(values)) ** 2)) + float(np.var(values))
    return total + float(np.dot(values, weights)) + float(np.max(np.abs(values)))

def vote(labels):
    values, counts = np.unique(np.asarray(labels), return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return int(values[order[0]]) + int(np.bincount(np.abs(labels)).argmax())

def nearest(points, queries, k):
    points, queries = np.asarray(points, dtype=float), np.asarray(queries, dtype=float)
    distances = np.sqrt(((queries[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    norms = np.linalg.norm(points - queries[0], axis=1)
    return np.argsort(distances, axis=1, kind="stable")[:, :k], norms.argmin()

def step(points, centres):
    labels = np.argmin(np.linalg.norm(points[:, None] - centres[None], axis=2), axis=1)
    moved = np.array([points[labels == j].mean(axis=0) if np.any(labels == j) else centres[j]
                      for j in range(len(centres))])
    return labels, np.where(np.isfinite(moved), moved, 0.0), np.allclose(moved, centres)

def shuffle(values, seed):
    order = np.random.default_rng(seed).permutation(len(values))
    column = np.where(values[order] > 3, np.nan, values[order])
    return np.unique(values), float(np.nanmean(column)) + float(np.nanmedian(column))

def descend(weights, gradient, rate):
    return [w - rate * g for w, g in zip(weights, gradient)], tuple(np.zeros(2)), {"w": 1.5}
"""


TINY = "import numpy as np\n\ndef f(x):\n    return np.mean(x)\n"


def warm(child: types.ModuleType, rounds: int = 10) -> None:
    """Run the job's own path (a request decoded, a file loaded, calls made, replies framed)
    `rounds` times over the idioms above, then forget everything it made."""
    import numpy as np
    import numpy.ma  # noqa: F401 - see the module's docstring
    import numpy.random  # noqa: F401 - see the module's docstring

    wire = child.wire
    points = np.arange(24.0).reshape(12, 2) % 7
    calls: list[tuple[str, list[Any]]] = [
        ("reduce", [np.linspace(0.0, 1.0, 8), np.ones(8)]),
        ("vote", [np.array([3, 1, 3, 2, 1, 3])]),
        ("nearest", [points, points[:3], 3]),
        ("step", [points, points[:3].copy()]),
        ("shuffle", [np.linspace(0.0, 5.0, 9), 7]),
        ("descend", [[0.5, -1.0], [0.1, 0.2], 0.01]),
    ]
    learner = child.LearnerFile()
    _through_wire(wire, learner.load(SOURCE, "<warm-up>", "_grader_warm_up"))
    for _ in range(rounds):
        _through_wire(wire, child.LearnerFile().load(TINY, "<warm-up>", "_grader_warm_up"))
        for name, args in calls:
            request = wire.parse(
                wire.frame(
                    {
                        "op": "call",
                        "function": name,
                        "args": wire.encode(args),
                        "kwargs": wire.encode({}),
                    }
                )[wire.HEADER_SIZE :]
            )
            reply = learner.call(name, wire.decode(request["args"]), wire.decode(request["kwargs"]))
            wire.decode(_through_wire(wire, reply).get("returned"))
    sys.modules.pop("_grader_warm_up", None)
    linecache.cache.pop("<warm-up>", None)


def _through_wire(wire: types.ModuleType, message: dict[str, Any]) -> dict[str, Any]:
    return wire.parse(wire.frame({**message, "nonce": "0" * 32})[wire.HEADER_SIZE :])
