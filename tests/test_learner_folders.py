"""A class folder's learners are its folders, and only those: what an archive tool or a file
manager leaves beside them is never a learner."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.checks.run import module_checks
from grader.grading import grade_learner
from grader.load import LearnerFiles, SubmissionsError, find_learners, near_misses


def _class(tmp_path: Path, *folders: str) -> Path:
    for folder in folders:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "regression.py").write_text("def mean_squared_error(a, b): ...\n")
    return tmp_path


def test_a_zip_made_on_a_mac_does_not_make_its_resource_folder_a_learner(tmp_path):
    submissions = _class(tmp_path, "ada", "ben", "__MACOSX/ada")
    (submissions / "__MACOSX" / "ada" / "._regression.py").write_bytes(b"\x00\x05\x16\x07")
    assert [learner.learner for learner in find_learners(submissions)] == ["ada", "ben"]


def test_hidden_folders_and_loose_files_are_not_learners(tmp_path):
    submissions = _class(tmp_path, "ada", ".git", ".ipynb_checkpoints")
    (submissions / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (submissions / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    assert [learner.learner for learner in find_learners(submissions)] == ["ada"]


def test_a_learner_whose_id_only_looks_like_litter_is_still_a_learner(tmp_path):
    submissions = _class(tmp_path, "macosx", "MACOSX_fan")
    assert [learner.learner for learner in find_learners(submissions)] == ["MACOSX_fan", "macosx"]


def test_a_download_of_loose_files_is_refused_with_what_to_do_not_graded_as_nobody(tmp_path):
    for name in ("ada_12345_67890_regression.py", "ben_23456_78901_regression.py"):
        (tmp_path / name).write_text("def mean_squared_error(a, b): ...\n")
    with pytest.raises(SubmissionsError, match="holds 2 files but no learner folders") as error:
        find_learners(tmp_path)
    assert "looks like a Canvas download" in str(error.value)
    assert f"run `grader collect {tmp_path} --out CLASS` first" in str(error.value)


def test_an_empty_class_folder_is_a_class_of_nobody_yet(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    assert find_learners(tmp_path) == []


def test_loose_files_beside_learner_folders_leave_the_learners_graded(tmp_path):
    submissions = _class(tmp_path, "ada")
    (submissions / "instructions.pdf").write_bytes(b"%PDF-1.4")
    assert [learner.learner for learner in find_learners(submissions)] == ["ada"]


def test_a_module_file_one_folder_down_is_named_with_its_folder(tmp_path, course):
    learner = tmp_path / "ada"
    (learner / "homework").mkdir(parents=True)
    (learner / "homework" / "regression.py").write_text("def mean_squared_error(a, b): ...\n")
    (learner / "Regression.py").write_text("")
    assert near_misses(learner, course.module("regression")) == [
        "Regression.py", "homework/regression.py"]


def test_a_peer_review_form_handed_in_with_the_work_is_not_taken_for_a_misnamed_file(
        tmp_path, course):
    learner = tmp_path / "ada"
    learner.mkdir()
    (learner / "regression-review-K7QX2M.toml").write_text('form = "peer review"\n')
    assert near_misses(learner, course.module("regression")) == []


def test_a_module_file_deeper_down_or_behind_a_link_is_not_looked_for(tmp_path, course):
    learner = tmp_path / "ada"
    (learner / "a" / "b").mkdir(parents=True)
    (learner / "a" / "b" / "regression.py").write_text("")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "regression.py").write_text("")
    (learner / "link").symlink_to(tmp_path / "elsewhere")
    assert near_misses(learner, course.module("regression")) == []


def test_the_missing_module_message_says_where_the_file_must_sit(tmp_path, course):
    learner = tmp_path / "ada"
    (learner / "homework").mkdir(parents=True)
    (learner / "homework" / "regression.py").write_text("def mean_squared_error(a, b): ...\n")
    checks = {"regression": module_checks(course.module("regression"), hidden=True)}
    result = grade_learner(LearnerFiles("ada", learner), course=course, checks=checks,
                           modules=("regression",))
    assert result.module("regression").message == (
        "regression.py not found; found homework/regression.py: files must be in your folder "
        "itself and named exactly regression.py")
