"""Review forms gathered from where reviewers hand them in (grader.peer.inbox): the class
folder `grader collect` writes, a zip of it, or loose forms; everything in it hostile, and
whatever is wrong with one file that file's problem only.

The scenario folder tests/peer_forms/moodle holds forms as a Moodle download names them:
renamed by a browser (` (1)`), by a learner (`regression_review_k7qx2m.toml`), in a
subfolder, flat with a copy mark (`-1`)."""

from __future__ import annotations

import csv
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.collect import CollectSourceError
from grader.collect import source as source_module
from grader.collect.names import review_form
from grader.course.peer_review import peer_review
from grader.peer import inbox
from grader.peer.forms import Refusal, ReviewForm, form_name, form_text, judge
from grader.peer.inbox import MAX_FORM_BYTES, MAX_FORMS_PER_LEARNER, handed_in_forms

SCENARIOS = Path(__file__).resolve().parent / "peer_forms"
MODULES = ("regression", "classification")
RUBRIC = peer_review(
    "regression",
    {
        "criteria": [
            {
                "id": "clarity",
                "comment": "required",
                "levels": [{"id": "clear", "points": 2}, {"id": "unclear", "points": 0}],
            }
        ]
    },
)


def _form(reviewer: str, pseudonym: str, level: str = "clear") -> bytes:
    text = form_text(settings=RUBRIC, pseudonym=pseudonym, reviewer=reviewer)
    text = text.replace('level = ""', f'level = "{level}"', 1)
    return text.replace('comment = """\n"""', 'comment = """\nFine.\n"""', 1).encode()


def _write(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _seen(source: Path) -> list[tuple[str | None, str, str | None, str]]:
    return [
        (h.reviewer, h.file, h.submitted_at, h.problem)
        for h in handed_in_forms(source, modules=MODULES)
    ]


def _manifest(rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["learner,file,submitted_at", *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


COLLECTED = {
    "manifest.csv": _manifest(
        [
            ("ada", "regression-review-K7QX2M.toml", "2026-12-01T10:00:00+01:00"),
            ("ada", "regression.py", "2026-11-01T10:00:00+01:00"),
        ]
    ),
    "collected.txt": b"Collected ...\n",
    "ada/regression.py": b"x = 1\n",
    "ada/regression-review-K7QX2M.toml": _form("ada", "K7QX2M"),
    "bob/regression-review-P3RT8A.toml": _form("bob", "P3RT8A"),
    "bob/regression.quiz.toml": b"[answers]\n",
}


# -- the three kinds of source ----------------------------------------------------------------


def test_a_class_folder_of_grader_collect_gives_each_form_its_folders_reviewer_and_time(
    tmp_path,
):
    source = _write(tmp_path / "reviews", COLLECTED)
    assert _seen(source) == [
        ("ada", "ada/regression-review-K7QX2M.toml", "2026-12-01T10:00:00+01:00", ""),
        ("bob", "bob/regression-review-P3RT8A.toml", None, ""),
    ]
    forms = list(handed_in_forms(source, modules=MODULES))
    assert forms[0].data == COLLECTED["ada/regression-review-K7QX2M.toml"]


def test_a_zip_of_the_class_folder_under_one_top_folder_gives_the_same_forms(tmp_path):
    source = _zip(tmp_path / "week12.zip", {f"reviews/{k}": v for k, v in COLLECTED.items()})
    assert _seen(source) == [
        ("ada", "reviews/ada/regression-review-K7QX2M.toml", "2026-12-01T10:00:00+01:00", ""),
        ("bob", "reviews/bob/regression-review-P3RT8A.toml", None, ""),
    ]


def test_a_zip_of_learners_folders_without_a_manifest_gives_their_reviewers(tmp_path):
    files = {
        "all/ada/regression-review-K7QX2M.toml": _form("ada", "K7QX2M"),
        "all/bob/regression-review-P3RT8A.toml": _form("bob", "P3RT8A"),
    }
    source = _zip(tmp_path / "x.zip", files)
    assert [h.reviewer for h in handed_in_forms(source, modules=MODULES)] == ["ada", "bob"]


def test_loose_forms_in_a_folder_or_a_zip_of_that_folder_have_no_reviewer_but_their_own(tmp_path):
    files = {
        "regression-review-K7QX2M.toml": _form("ada", "K7QX2M"),
        "regression-review-P3RT8A.toml": _form("bob", "P3RT8A"),
    }
    folder = _write(tmp_path / "reviews", files)
    assert [(h.reviewer, h.file) for h in handed_in_forms(folder, modules=MODULES)] == [
        (None, "regression-review-K7QX2M.toml"),
        (None, "regression-review-P3RT8A.toml"),
    ]
    zipped = _zip(tmp_path / "reviews (1).zip", {f"reviews/{k}": v for k, v in files.items()})
    assert [h.reviewer for h in handed_in_forms(zipped, modules=MODULES)] == [None, None]


def test_one_learners_folder_zipped_is_theirs_not_a_folder_of_loose_forms(tmp_path):
    source = _zip(tmp_path / "x.zip", {"ada/regression-review-K7QX2M.toml": _form("ada", "K7QX2M")})
    assert [h.reviewer for h in handed_in_forms(source, modules=MODULES)] == ["ada"]


def test_a_source_that_does_not_exist_is_the_users_error(tmp_path):
    with pytest.raises(CollectSourceError, match="no such file or folder"):
        handed_in_forms(tmp_path / "nowhere", modules=MODULES)


# -- names as platforms, browsers and learners leave them -------------------------------------


@pytest.mark.parametrize(
    ("name", "file", "copy"),
    [
        ("regression-review-K7QX2M.toml", "regression-review-K7QX2M.toml", 0),
        ("Regression-Review-K7QX2M.TOML", "regression-review-K7QX2M.toml", 0),
        ("regression-review-K7QX2M (1).toml", "regression-review-K7QX2M.toml", 1),
        ("regression-review-K7QX2M(12).toml", "regression-review-K7QX2M.toml", 12),
        ("regression-review-K7QX2M-2.toml", "regression-review-K7QX2M.toml", 2),
        ("regression_review_k7qx2m.toml", "regression-review-k7qx2m.toml", 0),
        (" regression review K7QX2M.toml", "regression-review-K7QX2M.toml", 0),
    ],
)
def test_a_form_is_known_by_its_name_however_a_platform_or_a_browser_left_it(name, file, copy):
    found = review_form(name, MODULES)
    assert found is not None
    assert (found.module, found.file, found.copy) == ("regression", file, copy)


@pytest.mark.parametrize(
    "name",
    [
        "regression.quiz.toml",
        "capstone-review-K7QX2M.toml",  # not a module of the course
        "regression-review-.toml",
        "regression-review-K7/QX2M.toml",
        "regression-review-K7QX2M.toml.txt",
        "regression-reviews-K7QX2M.toml",
    ],
)
def test_other_files_are_not_taken_for_forms(name):
    assert review_form(name, MODULES) is None


def test_the_name_a_form_is_handed_out_under_is_known_as_that_form():
    found = review_form(form_name("regression", "K7QX2M"), MODULES)
    assert found is not None and found.file == form_name("regression", "K7QX2M")


def test_copies_of_a_form_come_in_the_order_they_were_handed_in(tmp_path):
    """A browser numbers a second download ` (1)`, a third ` (2)`: the later copy comes
    later, for it to replace the earlier."""
    source = _write(
        tmp_path / "ada",
        {
            "x/regression-review-K7QX2M (2).toml": _form("ada", "K7QX2M", "clear"),
            "x/regression-review-K7QX2M.toml": _form("ada", "K7QX2M", "unclear"),
            "x/regression-review-K7QX2M (1).toml": _form("ada", "K7QX2M", "unclear"),
        },
    )
    assert [h.file.rsplit("/", 1)[-1] for h in handed_in_forms(source, modules=MODULES)] == [
        "regression-review-K7QX2M.toml",
        "regression-review-K7QX2M (1).toml",
        "regression-review-K7QX2M (2).toml",
    ]


def test_forms_with_times_come_in_the_order_of_their_times(tmp_path):
    source = _write(
        tmp_path / "reviews",
        {
            "manifest.csv": _manifest(
                [
                    ("ada", "regression-review-K7QX2M.toml", "2026-12-02T10:00:00+00:00"),
                    ("ada", "regression-review-k7qx2m.toml", "2026-12-01T10:00:00+00:00"),
                ]
            ),
            "collected.txt": b"",
            "ada/regression-review-K7QX2M.toml": _form("ada", "K7QX2M", "clear"),
            "ada/regression-review-k7qx2m.toml": _form("ada", "k7qx2m", "unclear"),
        },
    )
    assert [h.submitted_at for h in handed_in_forms(source, modules=MODULES)] == [
        "2026-12-01T10:00:00+00:00",
        "2026-12-02T10:00:00+00:00",
    ]


# -- hostile sources: each file's problem its own ---------------------------------------------


def test_a_form_too_big_is_handed_in_empty_with_its_problem_and_the_others_count(tmp_path):
    source = _write(
        tmp_path / "reviews",
        {
            "ada/regression-review-K7QX2M.toml": b"#" * (MAX_FORM_BYTES + 1),
            "bob/regression-review-P3RT8A.toml": _form("bob", "P3RT8A"),
        },
    )
    big, good = handed_in_forms(source, modules=MODULES)
    assert big.data == b"" and big.problem.startswith(f"too big: {MAX_FORM_BYTES + 1:,} bytes")
    assert good.problem == "" and good.data == _form("bob", "P3RT8A")


def test_a_form_too_big_in_a_zip_is_refused_from_its_size_without_being_read(tmp_path):
    source = tmp_path / "x.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("ada/regression-review-K7QX2M.toml", b"#" * (MAX_FORM_BYTES + 1))
    data = bytearray(source.read_bytes())
    data[data.index(b"####") + 10] = ord("!")  # read, it would fail its checksum
    source.write_bytes(bytes(data))
    (handed,) = handed_in_forms(source, modules=MODULES)
    assert handed.problem.startswith(f"too big: {MAX_FORM_BYTES + 1:,} bytes")


def test_a_link_named_as_a_form_is_never_followed(tmp_path):
    secret = tmp_path / "secret.toml"
    secret.write_text('token = "s3cret"\n')
    source = tmp_path / "reviews"
    (source / "ada").mkdir(parents=True)
    os.symlink(secret, source / "ada" / "regression-review-K7QX2M.toml")
    (handed,) = handed_in_forms(source, modules=MODULES)
    assert (handed.reviewer, handed.data) == ("ada", b"")
    assert handed.problem == "a link: links are never followed"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../regression-review-K7QX2M.toml", "a path out of its folder (..) in a zip"),
        ("/regression-review-K7QX2M.toml", "an absolute path in a zip"),
    ],
)
def test_a_zip_entry_whose_name_leads_out_is_never_extracted(tmp_path, name, problem):
    source = _zip(tmp_path / "x.zip", {name: _form("ada", "K7QX2M")})
    (handed,) = handed_in_forms(source, modules=MODULES)
    assert handed.data == b"" and handed.problem.startswith(problem)
    assert handed.reviewer is None


def test_a_zip_bomb_named_as_a_form_is_not_inflated(tmp_path):
    source = _zip(tmp_path / "x.zip", {"ada/regression-review-K7QX2M.toml": b"\0" * 50_000_000})
    (handed,) = handed_in_forms(source, modules=MODULES)
    assert handed.data == b"" and "zip bomb" in handed.problem


def test_a_zip_entry_lying_about_its_size_gives_no_more_than_it_declared(tmp_path):
    source = _zip(tmp_path / "x.zip", {"ada/regression-review-K7QX2M.toml": _form("ada", "K7QX2M")})
    data = source.read_bytes()
    real = len(_form("ada", "K7QX2M")).to_bytes(4, "little")
    source.write_bytes(data.replace(real, (100).to_bytes(4, "little")))  # claims 100 bytes
    (handed,) = handed_in_forms(source, modules=MODULES)
    assert len(handed.data) <= 100 and (handed.data == b"") == bool(handed.problem)


def test_a_learner_handing_in_forms_by_the_hundred_has_the_rest_refused(tmp_path):
    files = {
        f"ada/regression-review-K{i:05d}.toml": _form("ada", f"K{i:05d}")
        for i in range(MAX_FORMS_PER_LEARNER + 3)
    }
    handed = list(handed_in_forms(_write(tmp_path / "r", files), modules=MODULES))
    problems = [h.problem for h in handed if h.problem]
    assert len(problems) == 3 and all("more than 50 forms" in p for p in problems)
    assert all(h.data == b"" for h in handed if h.problem)


def test_past_the_sources_count_of_entries_a_problem_says_the_rest_was_not_read(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(source_module, "MAX_ENTRIES", 3)
    files = {f"ada/regression-review-K{i}.toml": _form("ada", f"K{i}") for i in range(6)}
    handed = list(handed_in_forms(_write(tmp_path / "r", files), modules=MODULES))
    assert [h.problem for h in handed if h.problem] == [
        "not read, nor anything after it: more than 3 files"
    ]


def test_past_the_sources_count_a_file_not_a_form_still_says_the_forms_after_it_were_not_read(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(source_module, "MAX_ENTRIES", 1)
    files = {"ada/zzz.txt": b"", "bob/regression-review-K1.toml": _form("bob", "K1")}
    handed = list(handed_in_forms(_write(tmp_path / "r", files), modules=MODULES))
    assert [(h.reviewer, h.file, h.problem) for h in handed] == [
        (None, "ada/zzz.txt", "not read, nor anything after it: more than 1 files")
    ]


def test_past_the_forms_count_each_further_form_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "MAX_FORMS", 2)
    files = {f"l{i}/regression-review-K{i}.toml": _form(f"l{i}", f"K{i}") for i in range(4)}
    handed = list(handed_in_forms(_write(tmp_path / "r", files), modules=MODULES))
    assert [bool(h.problem) for h in handed] == [False, False, True, True]


def test_past_the_forms_bytes_in_all_each_further_form_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "MAX_FORMS_BYTES", len(_form("l0", "K0")) * 2)
    files = {f"l{i}/regression-review-K{i}.toml": _form(f"l{i}", f"K{i}") for i in range(3)}
    handed = list(handed_in_forms(_write(tmp_path / "r", files), modules=MODULES))
    assert [bool(h.problem) for h in handed] == [False, False, True]


def test_a_form_too_deep_in_a_learners_folders_is_refused(tmp_path):
    files = {"ada/a/b/c/d/regression-review-K7QX2M.toml": _form("ada", "K7QX2M")}
    (handed,) = handed_in_forms(_write(tmp_path / "r", files), modules=MODULES)
    assert handed.problem.startswith("too deep in folders")


def test_a_learners_own_manifest_gives_their_forms_no_time(tmp_path):
    own = [("ada", "regression-review-K7QX2M.toml", "2020-01-01T00:00:00+00:00")]
    files = {
        "all/ada/manifest.csv": _manifest(own),
        "all/ada/regression-review-K7QX2M.toml": _form("ada", "K7QX2M"),
        "all/bob/regression-review-P3RT8A.toml": _form("bob", "P3RT8A"),
    }
    source = _write(tmp_path, files) / "all"
    assert [h.submitted_at for h in handed_in_forms(source, modules=MODULES)] == [None, None]
    alone = _zip(tmp_path / "x.zip", {k[4:]: v for k, v in files.items() if "/ada/" in k})
    assert [(h.reviewer, h.submitted_at) for h in handed_in_forms(alone, modules=MODULES)] == [
        ("ada", None)
    ]


@pytest.mark.parametrize(
    "manifest",
    [
        b"\xff\xfe garbage",
        b"learner,file,submitted_at\nada,regression-review-K7QX2M.toml,yesterday\n",
        b"learner,file,submitted_at\nada,regression-review-K7QX2M.toml,2026-12-01T10:00:00\n",
        b"learner,file\nada,regression-review-K7QX2M.toml\n",
        b'learner,file,submitted_at\n"' + b"x" * 200_000 + b'"\n',
        b"",
    ],
)
def test_a_manifest_that_cannot_be_read_gives_no_time_and_costs_no_form(tmp_path, manifest):
    files = {
        "manifest.csv": manifest,
        "collected.txt": b"",
        "ada/regression-review-K7QX2M.toml": _form("ada", "K7QX2M"),
    }
    assert _seen(_write(tmp_path / "r", files)) == [
        ("ada", "ada/regression-review-K7QX2M.toml", None, "")
    ]


# -- from a course platform, through grader collect -------------------------------------------


def _zipped_scenario(name: str, zip_path: Path) -> Path:
    folder = SCENARIOS / name
    with zipfile.ZipFile(zip_path, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (2026, 12, 1, 9, 0, 0))
                archive.writestr(info, path.read_bytes())
    return zip_path


def test_forms_handed_in_on_moodle_are_kept_by_grader_collect_and_read_back_from_its_folder(
    tmp_path,
):
    source = _zipped_scenario("moodle", tmp_path / "moodle.zip")
    out = tmp_path / "reviews"
    result = CliRunner().invoke(main, ["collect", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.toml")) == [
        "ada_lovelace/regression-review-K7QX2M.toml",  # from `Regression-Review-K7QX2M (1).toml`
        "grace_hopper/regression-review-P3RT8A.toml",  # from a flat `...-P3RT8A-1.toml`
        "zoe_obrien/regression-review-k7qx2m.toml",  # from `reviews/regression_review_k7qx2m.toml`
    ]
    assert "notes.toml: participant_2004's, but not a module file" in result.output
    assigned = {
        ("regression", "ada_lovelace"): ["K7QX2M"],
        ("regression", "zoe_obrien"): ["K7QX2M"],
        ("regression", "grace_hopper"): ["P3RT8A"],
    }
    judged = [
        judge(h, settings={"regression": RUBRIC}, assigned=assigned)
        for h in handed_in_forms(out, modules=MODULES)
    ]
    assert all(isinstance(j, ReviewForm) for j in judged), judged
    assert [(j.reviewer, j.submission) for j in judged if isinstance(j, ReviewForm)] == [
        ("ada_lovelace", "K7QX2M"),
        ("grace_hopper", "P3RT8A"),
        ("zoe_obrien", "K7QX2M"),
    ]


def test_a_forms_time_in_a_platforms_zip_reaches_the_manifest_and_the_form(tmp_path, course):
    import dataclasses

    from grader.collect import collect_submissions
    from grader.course.lateness import LatePolicy, parse_time

    policy = LatePolicy(deadline=parse_time("2026-12-05T23:59:00+01:00", "test"))
    timed = dataclasses.replace(
        course,
        modules=tuple(dataclasses.replace(m, late_policy=policy) for m in course.modules),
    )
    out = tmp_path / "reviews"
    collect_submissions(
        source=_zipped_scenario("moodle", tmp_path / "moodle.zip"), out=out, course=timed
    )
    with (out / "manifest.csv").open(encoding="utf-8") as file:
        rows = {(r["learner"], r["file"]): r["submitted_at"] for r in csv.DictReader(file)}
    assert rows["grace_hopper", "regression-review-P3RT8A.toml"] == "2026-12-01T09:00:00+01:00"
    times = {h.reviewer: h.submitted_at for h in handed_in_forms(out, modules=MODULES)}
    assert times["grace_hopper"] == "2026-12-01T09:00:00+01:00"


def test_a_refused_form_from_a_zip_names_its_reviewer_and_its_path(tmp_path):
    source = _zip(tmp_path / "x.zip", {"bob/regression-review-K7QX2M.toml": _form("ada", "K7QX2M")})
    (handed,) = handed_in_forms(source, modules=MODULES)
    judged = judge(handed, settings={"regression": RUBRIC}, assigned={})
    assert isinstance(judged, Refusal)
    assert (judged.reviewer, judged.file) == ("bob", "bob/regression-review-K7QX2M.toml")
    assert judged.message.startswith('says reviewer = "ada", but was handed in by "bob"')



def test_grader_collect_run_as_a_user_runs_it_keeps_the_forms_of_a_moodle_folder(
    tmp_path, run_grader
):
    source = tmp_path / "download"
    shutil.copytree(SCENARIOS / "moodle", source)
    done = run_grader("collect", source, "--out", tmp_path / "reviews")
    assert done.returncode == 0, done.stderr
    assert "grace_hopper: regression-review-P3RT8A.toml (from " in done.stdout
    forms = handed_in_forms(tmp_path / "reviews", modules=MODULES)
    assert [h.reviewer for h in forms] == ["ada_lovelace", "grace_hopper", "zoe_obrien"]
