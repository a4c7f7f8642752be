"""A module's peer review in words, for the exports that carry text beside their numbers
(Gradescope's test output, JUnit's): the peer mark criterion by criterion, each review under
its label (never its reviewer's id: these reach the author), and the reviewing mark."""

from __future__ import annotations

from grader.exports._words import number
from grader.results import ModuleResult
from grader.results.caps import MAX_DETAIL, cap_text
from grader.results.peer import PeerResult, Review, ReviewChange

__all__ = ["peer_max", "peer_text", "reviewing_max", "reviewing_text"]


def peer_max(module: ModuleResult, peer: PeerResult) -> float:
    """What the peer mark can add to the module's score."""
    return round(module.max_score * peer.weights.peer, 6)


def reviewing_max(module: ModuleResult, peer: PeerResult) -> float:
    return round(module.max_score * peer.weights.reviewing, 6)


def peer_text(module: ModuleResult, peer: PeerResult) -> str:
    lines = [
        f"Peer mark: {number(peer.mark)} of {number(peer.max_mark)}, the median of each "
        f"criterion over the {peer.counted} review{'s' if peer.counted != 1 else ''} that "
        f"count; × {number(peer.weights.peer)} of the module's {number(module.max_score)} "
        f"points: {number(peer.peer_points(module.max_score))}."
    ]
    lines += [
        f"{c.title}: {'-' if c.points is None else number(c.points)} of {number(c.max_points)}"
        for c in peer.criteria
    ]
    if peer.override is not None:
        gave = peer.reviews_mark
        lines.append(
            f"Peer mark set by the instructor to {number(peer.override.score)} "
            f"({'no review counted' if gave is None else f'the reviews gave {number(gave)}'}): "
            f"{peer.override.reason}"
        )
    elif not peer.enough_reviews:
        lines.append(f"Awaiting reviews: {peer.counted} of the {peer.min_reviews} needed.")
    most = {c.criterion: c.max_points for c in peer.criteria}
    titles = {c.criterion: c.title for c in peer.criteria}
    for review in peer.reviews:
        lines += ["", *_review_lines(review, most, titles, peer.max_mark)]
    return "\n".join(lines)


def _review_lines(
    review: Review, most: dict[str, float], titles: dict[str, str], max_mark: float
) -> list[str]:
    head = f"{review.label}: {number(review.points)} of {number(max_mark)}"
    if review.change is not None:
        head += f" ({_change_words(review.change)})"
    lines = [head]
    for score in review.scores:
        worth = f"{number(score.points)} of {number(most.get(score.criterion, score.points))}"
        line = f"  {titles.get(score.criterion, score.criterion)}: {score.level}, {worth}"
        lines.append(line + (f". {_said(score.comment)}" if score.comment else ""))
    if review.comment:
        lines.append(f"  Overall: {_said(review.comment)}")
    return lines


def _change_words(change: ReviewChange) -> str:
    if change.discarded:
        return f"discarded by the instructor, it does not count: {change.reason}"
    was = ", ".join(f"{s.level} ({number(s.points)})" for s in change.before)
    return f"levels changed by the instructor{f' from {was}' if was else ''}: {change.reason}"


def _said(comment: str) -> str:
    return cap_text(comment, MAX_DETAIL).replace("\n", "\n    ")


def reviewing_text(module: ModuleResult, peer: PeerResult) -> str:
    mark = peer.reviewing
    if mark is None:
        return "You were given no review to write."
    agreement = "not measured yet" if mark.agreement is None else f"{mark.agreement:.0%}"
    return (
        f"Reviews completed: {mark.completed} of the {mark.assigned} assigned to you.\n"
        f"Agreement with the other reviewers: {agreement}.\n"
        f"Reviewing mark: {mark.fraction:.0%} × {number(peer.weights.reviewing)} of the "
        f"module's {number(module.max_score)} points: "
        f"{number(peer.reviewing_points(module.max_score))}."
    )
