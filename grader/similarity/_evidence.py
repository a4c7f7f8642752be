"""A pair's evidence in words, the same on every page of the report: "share 83% of their rare
fingerprints", "longest shared fragment: 14 lines (...)"; `Reason.plain` puts one on a line."""

from __future__ import annotations

from dataclasses import dataclass

from grader.similarity.model import Fragment, Pair, SharedResult

__all__ = ["Reason", "lines_words", "reasons", "result_words", "share_words", "span"]

MAX_WORDS = 12  # rare names a reason lists; the pair's page lists more


@dataclass(frozen=True)
class Reason:
    """One reason in words: `text`, then the learners' own text (`code`, shown as code)."""

    text: str
    code: tuple[str, ...] = ()

    def plain(self) -> str:
        """The reason as one line of plain text (for a terminal: pass it through
        grader.reports._visible.visible first, as learners wrote part of it)."""
        if not self.code:
            return self.text
        return f"{self.text}: {', '.join(self.code)}"


def share_words(code_share: float) -> str:
    """0.8333 -> '83%'; a share under 1% but not none -> 'under 1%'."""
    rounded = round(100 * code_share)
    return "under 1%" if rounded == 0 and code_share > 0 else f"{rounded}%"


def span(lines: tuple[int, int]) -> str:
    """(12, 25) -> '12–25'; (7, 7) -> '7'."""
    first, last = lines
    return str(first) if first == last else f"{first}–{last}"


def lines_words(fragment: Fragment) -> str:
    """How long a fragment is: '14 lines' (the longer of its two sides), '1 line'."""
    count = max(_count(fragment.a_lines), _count(fragment.b_lines))
    return f"{count} line{'s' if count != 1 else ''}"


def result_words(result: SharedResult, submissions: int) -> str:
    """'same wrong answer on test_mse (2 learners of 120 got it)'."""
    what = {"failed": "same wrong answer on", "error": "same error on"}.get(
        result.status, "both timed out on"
    )
    return f"{what} {result.check_id} ({_of(result.learners, submissions)} got it)"


def reasons(pair: Pair, *, submissions: int) -> list[Reason]:
    """The pair's evidence, strongest kind first: the code they share, the longest fragment,
    each rare result both got, and the rare names and comment words both wrote."""
    found = []
    if count := pair.shared_fingerprints:
        share = share_words(pair.code_share)
        plural = "s" if count != 1 else ""
        found.append(
            Reason(f"share {share} of their rare fingerprints ({count} fingerprint{plural})")
        )
    if pair.longest is not None:
        found.append(Reason(_longest_words(pair)))
    for result in pair.results:
        found.append(Reason(result_words(result, submissions), (result.got,)))
    if pair.words:
        shown = pair.words[:MAX_WORDS]
        more = len(pair.words) - len(shown)
        text = "rare names and words both wrote" + (
            f" ({more} more on the pair's page)" if more else ""
        )
        found.append(Reason(text, shown))
    return found


def _longest_words(pair: Pair) -> str:
    longest = pair.longest
    assert longest is not None
    return (
        f"longest shared fragment: {lines_words(longest)}, {longest.tokens} tokens "
        f"({pair.a}: {span(longest.a_lines)}, {pair.b}: {span(longest.b_lines)})"
    )


def _count(lines: tuple[int, int]) -> int:
    return max(lines[1] - lines[0] + 1, 1)


def _of(learners: int, submissions: int) -> str:
    noun = "learner" if learners == 1 else "learners"
    return f"{learners} {noun} of {submissions}" if submissions else f"{learners} {noun}"
