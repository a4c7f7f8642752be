"""One module's submissions compared: rare fingerprints and rare results shared, pairs ranked.

What every learner writes is no evidence; what few wrote is. So a fingerprint counts only if
the starter code does not have it and at most `rare_most(n)` of the n submissions do, and it
weighs more the fewer have it (log n / learners, as a search engine weighs a rare word). The
same goes for the result of a check: the same wrong answer on the same check, got by few
learners, and not the answer of a classic mistake (which independent learners make alike).

Pairs are never all compared in full: an index from each rare fingerprint and result to the
learners who have it gives the pairs that share anything, and only they are scored, so a class
of thousands costs about what its rare material does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TypeVar

from grader.similarity.fingerprints import Starter, starter_of, winnowed
from grader.similarity.fragments import shared_fragments
from grader.similarity.model import Cluster, ModuleSimilarity, Pair, SharedResult, Skipped
from grader.similarity.tokens import Tokens, code_tokens

__all__ = ["Answer", "Rules", "Submission", "clusters_of", "compare_module", "rare_most"]

_Key = TypeVar("_Key")


@dataclass(frozen=True)
class Answer:
    """One check's result for one learner that could be evidence: a wrong answer or an error,
    known by a digest (never the answer itself when the rule withholds it)."""

    check_id: str
    title: str
    status: str
    answer: str  # what identifies the answer: its digest, or the error's words
    shown: str = ""  # what the instructor is shown of it


@dataclass(frozen=True)
class Submission:
    """A learner's module as graded: the code compared and the results that could be evidence."""

    learner: str
    source: str
    answers: tuple[Answer, ...] = ()


@dataclass(frozen=True)
class Rules:
    """How evidence is weighed, and when a pair is reported."""

    report_at: float = 0.5  # the score from which a pair is reported
    # Rare fingerprints shared for the code share to count in full: about four lines. An
    # idiom two learners both know (a line or two) is not enough to report them.
    full_at: int = 12
    per_result: float = 0.2  # a result shared by exactly two learners (less when by more)
    results_most: float = 0.6  # what results alone can add
    per_word: float = 0.05  # a rare name or comment word both wrote
    words_most: float = 0.2
    most_pairs: int = 500  # reported pairs of a module, strongest first


def rare_most(submissions: int) -> int:
    """The most learners a fingerprint or result may be shared by and still be rare: a few in
    a small class (a copy passed round a group), 2% of a large one."""
    return max(6, math.ceil(0.02 * submissions))


@dataclass
class _Prepared:
    learner: str
    source: str
    tokens: Tokens
    prints: dict[int, int]  # rare-eligible fingerprint -> first token
    words: frozenset[str]
    answers: dict[tuple[str, str, str], Answer] = field(default_factory=dict)


def compare_module(
    *,
    module: str,
    submissions: Sequence[Submission],
    starter: Sequence[str] = (),
    rules: Rules | None = None,
) -> ModuleSimilarity:
    """Every pair of `module`'s submissions that shares rare evidence, scored and ranked; the
    reported ones (score at least `rules.report_at`) with their fragments, and the clusters."""
    rules = rules or Rules()
    starter_tokens = [code_tokens(code) for code in starter]
    starter_prints = starter_of([t.kinds for t in starter_tokens])
    starter_words = frozenset().union(*(t.words for t in starter_tokens))
    prepared, skipped = _prepare(module, submissions, starter_prints, starter_words)
    most = rare_most(len(prepared))
    weights = _weights(prepared, most)
    pairs = _score_pairs(module, prepared, weights, rules)
    reported = sorted(
        (p for p in pairs if p.score >= rules.report_at), key=lambda p: (-p.score, p.a, p.b)
    )[: rules.most_pairs]
    sources = {p.learner: p.source for p in prepared}
    lined: dict[str, Tokens] = {}  # tokens with their lines, only for reported learners
    for pair in reported:
        for learner in pair.learners:
            if learner not in lined:
                lined[learner] = code_tokens(sources[learner])
    reported = [_with_fragments(p, lined, starter_prints) for p in reported]
    return ModuleSimilarity(
        module=module,
        submissions=len(prepared),
        candidates=len(pairs),
        pairs=tuple(reported),
        clusters=tuple(clusters_of(module, reported)),
        skipped=tuple(skipped),
    )


def _prepare(
    module: str,
    submissions: Sequence[Submission],
    starter_prints: Starter,
    starter_words: frozenset[str],
) -> tuple[list[_Prepared], list[Skipped]]:
    prepared, skipped = [], []
    for submission in submissions:
        if not submission.source.strip():
            skipped.append(Skipped(module, submission.learner, "no code to compare"))
            continue
        tokens = code_tokens(submission.source, lines=False)
        prints = winnowed(tokens.kinds, starter_prints)
        answers = {(a.check_id, a.status, a.answer): a for a in submission.answers if a.answer}
        prepared.append(
            _Prepared(
                submission.learner,
                submission.source,
                tokens,
                prints,
                tokens.words - starter_words,
                answers,
            )
        )
        if tokens.cut:
            skipped.append(Skipped(module, submission.learner, "compared in part: too long"))
    return prepared, skipped


@dataclass(frozen=True)
class _Weights:
    prints: dict[int, float]  # rare fingerprint -> weight; common ones absent
    totals: dict[str, float]  # learner -> the weight of all their rare fingerprints
    holders: dict[int, list[int]]  # rare fingerprint -> the learners (indexes) who have it
    answers: dict[tuple[str, str, str], list[int]]  # rare result -> its learners
    words: dict[str, list[int]]  # rare word -> its learners


def _weights(prepared: Sequence[_Prepared], most: int) -> _Weights:
    n = len(prepared)
    holders = _postings((i, h) for i, p in enumerate(prepared) for h in p.prints)
    weight = {h: math.log((n + 1) / len(who)) for h, who in holders.items() if len(who) <= most}
    totals = {p.learner: sum(weight.get(h, 0.0) for h in p.prints) for p in prepared}
    answers = _postings((i, key) for i, p in enumerate(prepared) for key in p.answers)
    words = _postings((i, w) for i, p in enumerate(prepared) for w in p.words)
    return _Weights(
        prints=weight,
        totals=totals,
        holders={h: who for h, who in holders.items() if 2 <= len(who) <= most},
        answers={k: who for k, who in answers.items() if 2 <= len(who) <= most},
        words={w: who for w, who in words.items() if 2 <= len(who) <= min(3, most)},
    )


def _postings(items: Iterable[tuple[int, _Key]]) -> dict[_Key, list[int]]:
    found: dict[_Key, list[int]] = defaultdict(list)
    for learner, key in items:
        found[key].append(learner)
    return found


@dataclass
class _Shared:
    weight: float = 0.0
    prints: int = 0
    answers: list[tuple[str, str, str]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def _score_pairs(
    module: str,
    prepared: Sequence[_Prepared],
    weights: _Weights,
    rules: Rules,
) -> list[Pair]:
    shared: dict[tuple[int, int], _Shared] = defaultdict(_Shared)
    for h, who in weights.holders.items():
        for pair in combinations(who, 2):
            found = shared[pair]
            found.weight += weights.prints[h]
            found.prints += 1
    for key, who in weights.answers.items():
        for pair in combinations(who, 2):
            shared[pair].answers.append(key)
    for word, who in weights.words.items():
        for pair in combinations(who, 2):
            shared[pair].words.append(word)
    return [
        _pair(module, prepared[i], prepared[j], found, weights, rules)
        for (i, j), found in shared.items()
    ]


def _pair(
    module: str,
    one: _Prepared,
    other: _Prepared,
    shared: _Shared,
    weights: _Weights,
    rules: Rules,
) -> Pair:
    a, b = sorted((one, other), key=lambda p: p.learner)
    smaller = min(weights.totals[a.learner], weights.totals[b.learner])
    share = min(1.0, shared.weight / smaller) if smaller else 0.0
    code = share * min(1.0, shared.prints / rules.full_at)
    results = _shared_results(a, shared.answers, weights.answers)
    from_results = min(rules.results_most, sum(rules.per_result * 2 / r.learners for r in results))
    words = tuple(sorted(shared.words, key=lambda w: (len(weights.words[w]), w)))
    from_words = min(rules.words_most, rules.per_word * len(words))
    return Pair(
        module=module,
        a=a.learner,
        b=b.learner,
        score=round(code + from_results + from_words, 4),
        code_share=round(share, 4),
        shared_fingerprints=shared.prints,
        longest=None,
        fragments=(),
        results=results,
        words=tuple(w.lstrip("#") for w in words),
    )


def _shared_results(
    a: _Prepared,
    keys: Sequence[tuple[str, str, str]],
    answers: Mapping[tuple[str, str, str], list[int]],
) -> tuple[SharedResult, ...]:
    results = [
        SharedResult(
            check_id=key[0],
            title=a.answers[key].title,
            status=key[1],
            got=a.answers[key].shown,
            learners=len(answers[key]),
        )
        for key in keys
    ]
    return tuple(sorted(results, key=lambda r: (r.learners, r.check_id)))


def _with_fragments(pair: Pair, lined: Mapping[str, Tokens], starter: Starter) -> Pair:
    fragments = shared_fragments(lined[pair.a], lined[pair.b], starter=starter)
    return Pair(
        module=pair.module,
        a=pair.a,
        b=pair.b,
        score=pair.score,
        code_share=pair.code_share,
        shared_fingerprints=pair.shared_fingerprints,
        longest=fragments[0] if fragments else None,
        fragments=fragments,
        results=pair.results,
        words=pair.words,
    )


def clusters_of(module: str, pairs: Sequence[Pair]) -> list[Cluster]:
    """The groups of three learners or more that reported pairs link, largest first."""
    parent: dict[str, str] = {}

    def root(learner: str) -> str:
        while parent.setdefault(learner, learner) != learner:
            parent[learner] = parent[parent[learner]]
            learner = parent[learner]
        return learner

    for pair in pairs:
        parent[root(pair.a)] = root(pair.b)
    groups: dict[str, list[str]] = defaultdict(list)
    for learner in parent:
        groups[root(learner)].append(learner)
    found = []
    for members in groups.values():
        if len(members) >= 3:
            inside = set(members)
            linked = sum(1 for p in pairs if p.a in inside)
            found.append(Cluster(module, tuple(sorted(members)), linked))
    return sorted(found, key=lambda c: (-len(c.learners), c.learners))
