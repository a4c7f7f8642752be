"""Review forms handed in (grader.peer.forms.judge): a form counts whole, or counts nothing
and says why in a sentence the reviewer and the instructor can act on."""

from __future__ import annotations

import hashlib
import random
import time

import pytest

from grader.course.peer_review import peer_review
from grader.peer.forms import (
    MAX_COMMENT_CHARS,
    MAX_KEY_DEPTH,
    Refusal,
    ReviewForm,
    form_name,
    form_text,
    judge,
)
from grader.peer.inbox import MAX_FORM_BYTES, HandedIn
from grader.results.peer import ReviewScore

RUBRIC = peer_review(
    "capstone",
    {
        "criteria": [
            {
                "id": "clarity",
                "comment": "required",
                "levels": [
                    {"id": "clear", "points": 4},
                    {"id": "mostly_clear", "points": 2},
                    {"id": "hard_to_follow", "points": 0},
                ],
            },
            {
                "id": "choices",
                "levels": [{"id": "argued", "points": 4}, {"id": "none", "points": 0}],
            },
        ]
    },
)
SETTINGS = {"capstone": RUBRIC}
ASSIGNED = {("capstone", "ada"): {"K7QX2M", "P3RT8A"}, ("capstone", "bob"): {"K7QX2M"}}
OWN = {("capstone", "ada"): "ADA111"}
FILE = "ada/capstone-review-K7QX2M.toml"


def _filled(
    levels: tuple[str, str] = ("mostly_clear", "argued"),
    comments: tuple[str, str, str] = ("Names say what each step does.", "", "Well done."),
    *,
    reviewer: str = "ada",
    submission: str = "K7QX2M",
) -> str:
    """The form as handed out, filled in as a reviewer fills it: levels between the quotes,
    comments between the triple quotes."""
    text = form_text(settings=RUBRIC, pseudonym=submission, reviewer=reviewer)
    for level in levels:
        text = text.replace('level = ""', f'level = "{level}"', 1)
    for comment in comments:
        text = text.replace('comment = """\n"""', f'comment = """\n{comment}\n"""', 1)
    return text


def _judged(
    text: str | bytes,
    *,
    reviewer: str | None = "ada",
    file: str = FILE,
    settings: dict = SETTINGS,  # type: ignore[type-arg]
) -> ReviewForm | Refusal:
    data = text.encode() if isinstance(text, str) else text
    handed = HandedIn(reviewer, file, data, "2026-12-01T10:00:00+00:00")
    return judge(handed, settings=settings, assigned=ASSIGNED, own=OWN)


def _refused(text: str | bytes, **kwargs: object) -> str:
    judged = _judged(text, **kwargs)  # type: ignore[arg-type]
    assert isinstance(judged, Refusal), judged
    return judged.message


def test_a_filled_form_counts_with_its_levels_points_and_comments_in_the_rubrics_order():
    text = _filled()
    form = _judged(text)
    assert form == ReviewForm(
        module="capstone",
        submission="K7QX2M",
        reviewer="ada",
        scores=(
            ReviewScore("clarity", "mostly_clear", 2.0, "Names say what each step does."),
            ReviewScore("choices", "argued", 4.0, ""),
        ),
        comment="Well done.",
        file=FILE,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        submitted_at="2026-12-01T10:00:00+00:00",
    )


def test_a_refusal_names_the_reviewer_the_file_and_the_forms_hash():
    data = b"\xff\xfe not a form"
    refusal = _judged(data)
    assert refusal == Refusal("ada", FILE, hashlib.sha256(data).hexdigest(), refusal.message)


def test_the_form_as_handed_out_unfilled_is_refused_and_told_the_levels_to_choose_from():
    message = _refused(form_text(settings=RUBRIC, pseudonym="K7QX2M", reviewer="ada"))
    assert message == (
        '[clarity]: `level` is empty: write one of "clear", "mostly_clear", "hard_to_follow"'
    )


def test_a_level_the_criterion_does_not_have_is_refused_with_the_levels_it_has():
    message = _refused(_filled(("mostly_clear", "excellent")))
    assert message == (
        '[choices]: "excellent" is not a level of choices: write one of "argued", "none"'
    )


def test_a_level_written_in_capitals_or_with_spaces_around_it_is_that_level():
    form = _judged(_filled((" Mostly_Clear ", "NONE")))
    assert isinstance(form, ReviewForm)
    assert [(s.level, s.points) for s in form.scores] == [("mostly_clear", 2.0), ("none", 0.0)]


def test_a_form_with_one_bad_criterion_counts_nothing_not_its_good_ones():
    judged = _judged(_filled(("clear", "perfect")))
    assert isinstance(judged, Refusal)


def test_a_form_that_is_not_utf8_is_refused_with_where_and_how_to_save_it():
    data = _filled().encode().replace(b"Well done.", "Très bien".encode("latin-1"))
    message = _refused(data)
    assert message.startswith("not UTF-8 text (byte 0xe8 at position ")
    assert "save the form as UTF-8" in message


def test_a_utf8_form_with_a_byte_order_mark_and_windows_line_ends_counts():
    data = b"\xef\xbb\xbf" + _filled().replace("\n", "\r\n").encode()
    assert isinstance(_judged(data), ReviewForm)


def test_a_form_that_is_not_toml_is_refused_with_its_line_and_how_texts_are_written():
    message = _refused(_filled().replace('level = "argued"', "level = argued"))
    line = _filled().splitlines().index('level = "argued"') + 1
    assert message.startswith(f"not valid TOML at line {line}, column 9 (`level = argued`): ")
    assert 'Texts go between quotes: level = "clear"' in message


def test_a_form_too_big_is_refused_before_it_is_read():
    data = _filled().encode() + b"#" * MAX_FORM_BYTES
    assert _refused(data).startswith(f"too big: {len(data):,} bytes")


def test_a_problem_found_while_gathering_the_form_is_its_refusal():
    handed = HandedIn("ada", FILE, b"", None, problem="a symbolic link: never followed")
    judged = judge(handed, settings=SETTINGS, assigned=ASSIGNED)
    assert isinstance(judged, Refusal)
    assert judged.message == "a symbolic link: never followed; the form counts nothing"


@pytest.mark.parametrize(
    "nested", ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{b = " * 5000 + "}" * 5000]
)
def test_lists_or_tables_nested_too_deep_are_refused_not_a_crash(nested):
    message = _refused(_filled() + nested + "\n")
    assert message.startswith("lists or tables nested too deeply to be read")


def test_a_key_dotted_deeper_than_the_bound_is_refused_before_tomllib_spends_time_on_it():
    """tomllib's time and memory grow with the square of a dotted key's depth: 8,000 levels
    take it seconds, and the 60,000 a form's size allows would exhaust the memory."""
    hostile = "a" + ".a" * 8_000 + " = 1\n"
    started = time.perf_counter()
    message = _refused(_filled() + hostile)
    assert time.perf_counter() - started < 1
    assert f"a key dotted more than {MAX_KEY_DEPTH} levels deep" in message
    header = "[" + "a." * (MAX_KEY_DEPTH + 1) + "a]\n"
    assert "dotted more than" in _refused(_filled() + header)


def test_a_comment_with_dots_and_an_equals_sign_is_no_key_and_counts():
    comment = "R2 went from 0.61 to 0.74... so the model = better. See e.g. section 2.3."
    assert isinstance(_judged(_filled(comments=(comment, "", ""))), ReviewForm)


@pytest.mark.parametrize(
    "line", ["k{}" + ".a" * MAX_KEY_DEPTH + " = 1\n", "[k{}" + ".a" * MAX_KEY_DEPTH + "]\n"]
)
def test_the_worst_form_of_keys_just_under_the_bound_is_judged_within_seconds(line):
    """A form of as many keys (or table headers) as fit, each as deep as allowed: under a
    second alone, so three on a busy machine."""
    hostile = "".join(line.format(i) for i in range(MAX_FORM_BYTES // len(line) - 50))
    data = (hostile + _filled())[:MAX_FORM_BYTES]
    started = time.perf_counter()
    assert isinstance(_judged(data), Refusal)
    assert time.perf_counter() - started < 3


def test_a_number_too_long_for_python_is_refused_not_a_crash():
    message = _refused(_filled() + "n = " + "1" * 10_000 + "\n")
    assert message == (
        "not a form that can be read: a number in it has more digits than can be read; "
        "a review form holds texts only"
    )


def test_a_form_without_its_form_line_is_no_review_form():
    message = _refused(_filled().replace('form = "peer review"\n', ""))
    assert message.startswith(
        'not a review form: it has no `form` key, where a review form says form = "peer review"'
    )


def test_a_form_whose_form_line_says_otherwise_is_no_review_form():
    message = _refused(_filled().replace('form = "peer review"', 'form = "quiz"'))
    assert message.startswith('not a review form: its `form` is "quiz"')


def test_a_form_for_a_module_the_course_does_not_review_is_refused_with_the_modules_it_does():
    text = _filled().replace('module = "capstone"', 'module = "regression"')
    assert _refused(text) == (
        'for module "regression", which is not peer reviewed in this course '
        "(modules reviewed: capstone)"
    )


def test_a_form_without_its_module_is_refused():
    assert _refused(_filled().replace('module = "capstone"\n', "")) == (
        "the form has no `module`: leave the lines of the form as handed out"
    )


def test_a_form_without_its_submission_or_with_an_empty_one_is_refused():
    assert "no `submission`" in _refused(_filled().replace('submission = "K7QX2M"\n', ""))
    empty = _filled().replace('submission = "K7QX2M"', 'submission = ""')
    assert _refused(empty).startswith("`submission` is empty")


def test_a_form_for_a_submission_not_given_to_the_reviewer_is_refused_with_theirs():
    text = _filled(submission="ZZZ999")
    assert _refused(text, file="ada/capstone-review-ZZZ999.toml") == (
        'for submission "ZZZ999", which "ada" was not asked to review in capstone '
        "(their reviews: K7QX2M, P3RT8A)"
    )


def test_a_form_for_the_reviewers_own_submission_is_refused_as_their_own():
    text = _filled(submission="ADA111")
    assert _refused(text, file="ada/capstone-review-ADA111.toml") == (
        "for \"ada\"'s own submission (ADA111): nobody reviews their own work"
    )


def test_a_form_from_a_learner_given_nothing_to_review_is_refused():
    text = _filled(reviewer="cy")
    assert _refused(text, reviewer="cy", file="cy/capstone-review-K7QX2M.toml") == (
        'for capstone, "cy" was given no submission to review'
    )


def test_the_submission_is_matched_whatever_its_case():
    form = _judged(_filled(submission="k7qx2m"), file="ada/capstone-review-k7qx2m.toml")
    assert isinstance(form, ReviewForm) and form.submission == "K7QX2M"


def test_a_form_in_bobs_folder_that_says_ada_reviewed_is_refused():
    message = _refused(_filled(reviewer="ada"), reviewer="bob", file="bob/" + FILE[4:])
    assert message == (
        'says reviewer = "ada", but was handed in by "bob" (it was in their folder): '
        "a reviewer hands in their own reviews only"
    )


def test_a_form_in_a_learners_folder_without_a_reviewer_line_is_theirs():
    text = _filled().replace('reviewer = "ada"\n', "")
    form = _judged(text, reviewer="bob", file="bob/" + FILE[4:])
    assert isinstance(form, ReviewForm) and form.reviewer == "bob"


def test_a_loose_form_counts_for_the_reviewer_it_names():
    form = _judged(_filled(), reviewer=None, file="capstone-review-K7QX2M.toml")
    assert isinstance(form, ReviewForm) and form.reviewer == "ada"


def test_a_loose_form_that_does_not_say_who_reviewed_is_refused():
    for text in (_filled().replace('reviewer = "ada"\n', ""), _filled(reviewer="  ")):
        message = _refused(text, reviewer=None, file="capstone-review-K7QX2M.toml")
        assert message.startswith("a loose form without a reviewer: ")


def test_a_refused_loose_form_is_told_to_the_reviewer_it_names():
    refusal = _judged(_filled(("clear", "perfect")), reviewer=None, file="x/review.toml")
    assert isinstance(refusal, Refusal) and refusal.reviewer == "ada"
    refusal = _judged(b"\xff", reviewer=None, file="x/review.toml")
    assert isinstance(refusal, Refusal) and refusal.reviewer is None
    escape = _filled().replace('reviewer = "ada"', 'reviewer = "ada\\u001b[2J"')
    refusal = _judged(escape, reviewer=None, file="x/review.toml")
    assert isinstance(refusal, Refusal) and refusal.reviewer is None


def test_controls_written_as_escapes_in_a_comment_are_left_out_and_its_lines_kept():
    comment = "Line one\\u001b[2J\\u0007\n\tLine two\\r"
    form = _judged(_filled(comments=("x", "", "")).replace("\nx\n", f"\n{comment}\n"))
    assert isinstance(form, ReviewForm)
    assert form.scores[0].comment == "Line one[2J\n\tLine two"


def test_a_form_named_for_one_submission_that_says_another_is_refused_as_a_copy():
    text = _filled(submission="P3RT8A")
    assert _refused(text).startswith(
        'named for submission K7QX2M, but says submission = "P3RT8A": was it copied'
    )
    renamed = _judged(text, file="ada/my review.toml")  # a name that says nothing: the form does
    assert isinstance(renamed, ReviewForm) and renamed.submission == "P3RT8A"


def test_a_missing_criterion_table_is_refused():
    text = _filled().replace("[choices]", "[overall_choices]")
    assert _refused(text).startswith('an unknown key or table "overall_choices"')
    start = _filled().index("[choices]")
    end = _filled().index("[overall]")
    text = _filled()[:start] + _filled()[end:]
    assert _refused(text).startswith("no [choices] table: every criterion of the rubric is marked")


def test_an_unknown_key_in_a_criterion_or_in_the_overall_table_is_refused():
    text = _filled().replace('level = "argued"', 'levle = "argued"')
    assert _refused(text) == '[choices] has an unknown key "levle": it takes level and comment'
    text = _filled().replace("[overall]\n", '[overall]\nlevel = "clear"\n')
    assert _refused(text) == '[overall] has an unknown key "level": it takes comment'


def test_a_required_comment_missing_or_blank_is_refused():
    blank = _filled(comments=("   \n\t", "", ""))
    assert _refused(blank).startswith("[clarity]: a comment is required for clarity")
    missing = _filled().replace('comment = """\nNames say what each step does.\n"""\n', "", 1)
    assert _refused(missing).startswith("[clarity]: a comment is required for clarity")


def test_an_optional_comment_and_the_overall_table_may_be_left_out():
    start = _filled().index("[overall]")
    form = _judged(_filled()[:start])
    assert isinstance(form, ReviewForm) and form.comment == ""


def test_a_comment_longer_than_the_bound_is_refused():
    long = "word " * (MAX_COMMENT_CHARS // 5 + 1)
    message = _refused(_filled(comments=(long, "", "")))
    assert message.startswith(f"[clarity]: the comment is {len(long.strip()):,} characters long")
    assert isinstance(_judged(_filled(comments=("é" * MAX_COMMENT_CHARS, "", ""))), ReviewForm)
    far = _filled(comments=("w" * (MAX_FORM_BYTES // 2), "", ""))
    assert _refused(far).startswith(f"[clarity]: the comment is {MAX_FORM_BYTES // 2:,} characters")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("level", '[choices]: `level` must be a text between quotes (level = "..."), not a '
                  "number (3)"),
        ("comment", '[clarity]: `comment` must be a text between quotes (comment = "..."), '
                    "not a list"),
        ("submission", "the form: `submission` must be a text between quotes "
                       '(submission = "..."), not a number (5)'),
        ("overall", "`overall` must be the table [overall] (with comment on lines below it), "
                    "not a text"),
        ("choices", "`choices` must be the table [choices] (with level and comment on lines "
                    "below it), not a list"),
        ("form", "not a review form: its `form` is true"),
    ],
)
def test_a_value_of_the_wrong_type_anywhere_is_refused_saying_what_it_should_be(written, expected):
    text = _filled()
    head = 'reviewer = "ada"\n'
    replacements = {
        "level": ('level = "argued"', "level = 3"),
        "comment": ('comment = """\nNames say what each step does.\n"""', "comment = []"),
        "submission": ('submission = "K7QX2M"', "submission = 5"),
        "overall": (head, head + 'overall = "fine"\n'),
        "choices": (head, head + "choices = []\n"),
        "form": ('form = "peer review"', "form = true"),
    }
    if written in ("overall", "choices"):  # the table itself left out: only the key remains
        text = text[: text.index(f"[{written}]")] + text[text.index("[overall]") :]
        text = text if written == "choices" else text[: text.index("[overall]")]
    text = text.replace(*replacements[written], 1)
    assert _refused(text).startswith(expected)


def test_controls_and_long_texts_of_a_reviewer_are_quoted_short_and_harmless():
    text = _filled().replace('module = "capstone"', 'module = "\\u001b[31m' + "x" * 100 + '"')
    message = _refused(text)
    assert "\x1b" not in message and "\\x1b[31m" in message and "x" * 41 not in message


def test_no_mangled_form_ever_escapes_as_an_exception():
    """Every prefix, and random byte flips, of a good form: each is judged, counts or not."""
    data = _filled().encode()
    generator = random.Random(20)
    mangled = [data[:cut] for cut in range(0, len(data), 7)]
    for _ in range(300):
        flipped = bytearray(data)
        for _ in range(generator.randint(1, 5)):
            flipped[generator.randrange(len(flipped))] = generator.randrange(256)
        mangled.append(bytes(flipped))
    for item in mangled:
        assert isinstance(_judged(item), ReviewForm | Refusal)


def test_the_form_name_and_the_form_judged_agree():
    name = form_name("capstone", "K7QX2M")
    assert isinstance(_judged(_filled(), file=f"ada/{name}"), ReviewForm)
