"""What a similarity run finds: pairs of learners ranked by evidence, with the reasons, and the
clusters they make; the instructor's alone, never shown to learners."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ClassPair",
    "Cluster",
    "Fragment",
    "ModuleSimilarity",
    "Pair",
    "SharedResult",
    "Similarity",
    "Skipped",
]


@dataclass(frozen=True)
class Fragment:
    """A stretch of code two submissions share once names, layout, comments and literals'
    spelling are set aside: its lines in each (1-based, both ends included)."""

    a_lines: tuple[int, int]
    b_lines: tuple[int, int]
    tokens: int  # how many normalised tokens long


@dataclass(frozen=True)
class SharedResult:
    """The same result of one check for both learners, a result few learners got."""

    check_id: str
    title: str
    status: str  # "failed", "error" or "timeout": a passed check is never evidence
    got: str  # what both answers were (capped), or the error both raised
    learners: int  # how many learners of the class got exactly this result (2 at least)


@dataclass(frozen=True)
class Pair:
    """Two learners' submissions of one module, and the evidence that one was copied."""

    module: str
    a: str  # learner ids, a < b
    b: str
    score: float  # the evidence the ranking orders by: code and results together
    code_share: float  # the share of rare fingerprints, by weight, that the two share (0..1)
    shared_fingerprints: int  # how many of their rare fingerprints they share
    longest: Fragment | None  # the longest shared fragment
    fragments: tuple[Fragment, ...]  # every shared fragment, longest first
    results: tuple[SharedResult, ...]  # rare results both got, rarest first
    words: tuple[str, ...] = ()  # rare names and comment words both wrote, rarest first

    @property
    def learners(self) -> tuple[str, str]:
        return (self.a, self.b)


@dataclass(frozen=True)
class Cluster:
    """Three learners or more of one module, each linked to another by a reported pair."""

    module: str
    learners: tuple[str, ...]  # sorted
    pairs: int  # reported pairs among them


@dataclass(frozen=True)
class Skipped:
    """A submission that could not be compared, and why (too large, no code in it)."""

    module: str
    learner: str
    why: str


@dataclass(frozen=True)
class ModuleSimilarity:
    """One module's pairs, ranked by evidence (strongest first), and its clusters."""

    module: str
    submissions: int  # submissions compared
    candidates: int  # pairs compared in full (those sharing a rare fingerprint or result)
    pairs: tuple[Pair, ...]  # reported pairs, strongest first
    clusters: tuple[Cluster, ...] = ()
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class ClassPair:
    """Two learners reported together in one module or more: the class view."""

    a: str
    b: str
    modules: tuple[str, ...]  # in the course's order
    score: float  # the sum of their modules' scores


@dataclass(frozen=True)
class Similarity:
    """A run of `grader similarity` over a graded class."""

    course_title: str
    generated_at: str  # ISO 8601
    modules: tuple[ModuleSimilarity, ...]  # in the course's order
    class_pairs: tuple[ClassPair, ...] = ()  # strongest first
    # The code compared, (module, learner) -> source, for the side-by-side pages.
    sources: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)
