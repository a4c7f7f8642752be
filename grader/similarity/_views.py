"""What the class page and a module's page show of a similarity run: each module's pairs as
rows with their reasons and their pages' names, its clusters, what was skipped, the class view;
each list bounded, with how many more there are."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from grader.load.learner_ids import file_stem
from grader.similarity._evidence import Reason, lines_words, reasons, share_words
from grader.similarity.model import ClassPair, Cluster, ModuleSimilarity, Pair, Similarity, Skipped

__all__ = [
    "MAX_CLASS_PAIRS",
    "MAX_PAIRS",
    "MAX_SKIPPED",
    "TOP_PAIRS",
    "ClassRow",
    "ClusterRow",
    "ModuleView",
    "PairRow",
    "class_rows",
    "module_views",
]

MAX_PAIRS = 300  # pairs a module's page lists, each with a page of its own; pairs.csv has all
TOP_PAIRS = 10  # a module's strongest pairs on the class page
MAX_CLUSTERS = 50
MAX_SKIPPED = 200
MAX_CLASS_PAIRS = 100


@dataclass(frozen=True)
class PairRow:
    """A reported pair as a row: its rank in its module, the page it has (a path from the
    report's folder), and its evidence in figures and in words."""

    rank: int
    pair: Pair
    page: str
    share: str  # "83%"
    longest: str  # "14 lines", or "" with no shared fragment
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ClusterRow:
    number: int  # from 1, as pairs.csv numbers it
    cluster: Cluster
    pairs: tuple[PairRow, ...]  # the shown pairs within it, strongest first


@dataclass(frozen=True)
class ModuleView:
    module: ModuleSimilarity
    page: str  # "regression.html"
    folder: str  # "regression": where its pairs' pages are
    rows: tuple[PairRow, ...]  # at most MAX_PAIRS, strongest first
    more: int  # reported pairs past those
    clusters: tuple[ClusterRow, ...]
    more_clusters: int
    skipped: tuple[Skipped, ...]
    more_skipped: int

    @property
    def top(self) -> tuple[PairRow, ...]:
        return self.rows[:TOP_PAIRS]


@dataclass(frozen=True)
class ClassRow:
    """Two learners reported together in several modules, with their pages there."""

    pair: ClassPair
    pages: tuple[tuple[str, str | None], ...]  # (module, the pair's page or None)


def module_views(similarity: Similarity) -> list[ModuleView]:
    return [_module_view(module) for module in similarity.modules]


def class_rows(similarity: Similarity, views: list[ModuleView]) -> tuple[list[ClassRow], int]:
    """The class view: pairs reported in two modules or more, strongest first, and how many
    more there are past MAX_CLASS_PAIRS."""
    pages = {(v.module.module, r.pair.a, r.pair.b): r.page for v in views for r in v.rows}
    several = [p for p in similarity.class_pairs if len(p.modules) > 1]
    rows = [
        ClassRow(p, tuple((m, pages.get((m, p.a, p.b))) for m in p.modules))
        for p in several[:MAX_CLASS_PAIRS]
    ]
    return rows, len(several) - len(rows)


def pair_page_name(pair: Pair, taken: set[str]) -> str:
    """`<file_stem(a)>--<file_stem(b)>.html`; with a hash of both ids after it in the rare
    case that two pairs' names meet (ids may hold "--" themselves)."""
    name = f"{file_stem(pair.a)}--{file_stem(pair.b)}.html"
    if name in taken:
        both = f"{pair.a}\0{pair.b}".encode("utf-8", "surrogatepass")
        name = f"{name[:-5]}~{hashlib.sha256(both).hexdigest()[:12]}.html"
    taken.add(name)
    return name


def _module_view(module: ModuleSimilarity) -> ModuleView:
    folder = file_stem(module.module)  # a module named "index" must not be the class page
    taken: set[str] = set()
    rows = tuple(
        _row(module, rank, pair, f"{folder}/{pair_page_name(pair, taken)}")
        for rank, pair in enumerate(module.pairs[:MAX_PAIRS], start=1)
    )
    clusters = module.clusters[:MAX_CLUSTERS]
    return ModuleView(
        module=module,
        page=f"{folder}.html",
        folder=folder,
        rows=rows,
        more=len(module.pairs) - len(rows),
        clusters=tuple(_cluster_row(n, c, rows) for n, c in enumerate(clusters, start=1)),
        more_clusters=len(module.clusters) - len(clusters),
        skipped=module.skipped[:MAX_SKIPPED],
        more_skipped=max(len(module.skipped) - MAX_SKIPPED, 0),
    )


def _row(module: ModuleSimilarity, rank: int, pair: Pair, page: str) -> PairRow:
    return PairRow(
        rank=rank,
        pair=pair,
        page=page,
        share=share_words(pair.code_share),
        longest=lines_words(pair.longest) if pair.longest else "",
        reasons=tuple(reasons(pair, submissions=module.submissions)),
    )


def _cluster_row(number: int, cluster: Cluster, rows: tuple[PairRow, ...]) -> ClusterRow:
    members = set(cluster.learners)
    within = tuple(r for r in rows if r.pair.a in members and r.pair.b in members)
    return ClusterRow(number, cluster, within)
