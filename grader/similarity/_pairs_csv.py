"""pairs.csv: every reported pair of every module, one row each, for the instructor's records."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from grader.exports._table import cell
from grader.similarity.model import ModuleSimilarity, Pair, Similarity

__all__ = ["COLUMNS", "pairs_csv", "pairs_csv_rows"]

COLUMNS = (
    "module",
    "rank",
    "learner_a",
    "learner_b",
    "score",
    "code_share",
    "shared_fingerprints",
    "longest_tokens",
    "longest_lines_a",
    "longest_lines_b",
    "shared_results",
    "words",
    "cluster",
)


def pairs_csv(similarity: Similarity) -> str:
    """The whole file: a header line, then `pairs_csv_rows`."""
    return "".join(_line(row) for row in (list(COLUMNS), *pairs_csv_rows(similarity)))


def pairs_csv_rows(similarity: Similarity) -> Iterator[list[str]]:
    """One row per reported pair, module by module in the course's order, strongest first;
    every text a learner controls guarded against being read as a spreadsheet formula."""
    for module in similarity.modules:
        clusters = _clusters(module)
        for rank, pair in enumerate(module.pairs, start=1):
            cluster = clusters.get(pair.a, "")
            yield _row(pair, rank, cluster if clusters.get(pair.b) == cluster else "")


def _row(pair: Pair, rank: int, cluster: str) -> list[str]:
    longest = pair.longest
    results = "; ".join(f"{r.check_id} ({r.status}): {r.got}" for r in pair.results)
    return [
        cell(pair.module),
        str(rank),
        cell(pair.a),
        cell(pair.b),
        f"{pair.score:.4g}",
        f"{pair.code_share:.4f}",
        str(pair.shared_fingerprints),
        str(longest.tokens) if longest else "",
        _lines(longest.a_lines) if longest else "",
        _lines(longest.b_lines) if longest else "",
        cell(results),
        cell(" ".join(pair.words)),
        cluster,
    ]


def _clusters(module: ModuleSimilarity) -> dict[str, str]:
    """Each clustered learner's cluster, numbered from 1 as the pages number them: a pair is
    in the cluster of both its learners (clusters never share a learner)."""
    return {
        learner: str(number)
        for number, cluster in enumerate(module.clusters, start=1)
        for learner in cluster.learners
    }


def _line(values: list[str]) -> str:
    # "\r\n" makes the writer quote a carriage return in a learner's text rather than let it
    # end the row for a reader; the row itself ends with "\n", as the grader's other CSVs do.
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()[:-2] + "\n"


def _lines(lines: tuple[int, int]) -> str:
    return f"{lines[0]}-{lines[1]}"
