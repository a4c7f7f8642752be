"""`grader collect`: what course platforms give, sorted into one folder per learner, with a
manifest of the times the platform gave and a report of every file not placed.

The scenario folders beside this file hold files named as each platform names them (odd names
included); the tests copy or zip them, adding the litter platforms and tools leave."""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import os
import shutil
import stat
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.collect import Collected, CollectSourceError, collect_submissions
from grader.collect import source as source_module
from grader.course import Course
from grader.course.lateness import LatePolicy, parse_time
from grader.load.roster import read_roster

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
ROSTERS = HERE / "rosters"
# The fixture course has no deadlines; the platforms that give local times need one for a zone.
DUE = "2026-03-01T23:59:00+01:00"


# -- helpers ---------------------------------------------------------------------------------


def scenario(name: str, tmp_path: Path) -> Path:
    """A copy of a scenario folder, as the user unzipped it."""
    folder = tmp_path / "download"
    shutil.copytree(SCENARIOS / name, folder)
    return folder


def zipped(folder: Path, zip_path: Path, *, times: dict[str, tuple[int, ...]] | None = None,
           litter: bool = True) -> Path:
    """`folder` zipped as a platform zips it; with the litter a Mac's "Compress" adds."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                info = zipfile.ZipInfo(name, (times or {}).get(name, (2026, 3, 8, 12, 0, 0)))
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
                if litter:
                    parent, _, base = name.rpartition("/")
                    archive.writestr(f"__MACOSX/{parent + '/' if parent else ''}._{base}",
                                     b"\x00\x05\x16\x07")
        if litter:
            archive.writestr(".DS_Store", b"\x00\x00\x00\x01Bud1")
    return zip_path


def with_deadline(course: Course, due: str = DUE) -> Course:
    policy = LatePolicy(deadline=parse_time(due, "test"))
    return dataclasses.replace(
        course, modules=tuple(dataclasses.replace(m, late_policy=policy) for m in course.modules))


def tree(out: Path) -> dict[str, list[str]]:
    return {folder.name: sorted(p.name for p in folder.iterdir())
            for folder in sorted(out.iterdir()) if folder.is_dir()}


def manifest(out: Path) -> dict[tuple[str, str], str]:
    with (out / "manifest.csv").open(encoding="utf-8") as file:
        return {(row["learner"], row["file"]): row["submitted_at"] for row in csv.DictReader(file)}


def why(collected: Collected) -> dict[str, str]:
    """Each file not placed, by its name (its path's last part), with why."""
    return {u.source.rsplit("/", 1)[-1]: u.why for u in collected.unplaced}


# -- one test per platform ---------------------------------------------------------------------


def test_a_canvas_download_becomes_one_folder_per_learner_through_the_rosters_user_ids(
        tmp_path, course):
    source = zipped(scenario("canvas", tmp_path), tmp_path / "submissions.zip")
    out = tmp_path / "class"
    collected = collect_submissions(source=source, out=out, course=with_deadline(course),
                                    roster=read_roster(ROSTERS / "canvas.csv"))
    assert (collected.platform, collected.recognised) == ("canvas", True)
    assert tree(out) == {
        "ada": ["regression.py", "regression.quiz.toml"],
        "charles": ["classification.ipynb"],
        "grace": ["regression.py"],  # from her own zip, one folder down in it
    }
    # Canvas's -1 is a resubmission: the later file is kept, the earlier one said dropped
    assert (out / "ada" / "regression.py").read_text() == '"""Ada, again\'s regression."""\n'
    assert [(d.learner, d.file, d.source) for d in collected.dropped] == [
        ("ada", "regression.py", "lovelaceada_12345_67890_regression.py")]
    assert "marked LATE by Canvas" in collected.describe()
    assert collected.nothing_from == ("eli",)
    # Canvas dates its zip's entries when the zip is made: no time is a submission time
    assert manifest(out) == {}


def test_without_a_roster_canvas_learners_are_named_by_its_run_together_names(tmp_path, course):
    collected = collect_submissions(source=scenario("canvas", tmp_path), out=tmp_path / "class",
                                    course=course)
    assert collected.learners == ("anon_Xk3Fq", "babbagecharles", "hoppergrace", "lovelaceada",
                                  "odonnellsiobhan")


def test_a_moodle_download_is_matched_to_the_roster_by_full_name_with_its_times(tmp_path, course):
    times = {"Ada Lovelace_1001_assignsubmission_file_/regression.py": (2026, 3, 1, 22, 30, 0),
             "Grace Hopper_1005_assignsubmission_file_regression.py": (2026, 3, 2, 8, 0, 0)}
    source = zipped(scenario("moodle", tmp_path), tmp_path / "moodle.zip", times=times)
    out = tmp_path / "class"
    collected = collect_submissions(source=source, out=out, course=with_deadline(course),
                                    roster=read_roster(ROSTERS / "moodle.csv"))
    assert collected.platform == "moodle"
    assert tree(out) == {"ada": ["regression.py"], "grace": ["regression.py"],
                         "jose": ["regression.py"], "zoe": ["regression.py"]}
    # the zip's times are Moodle's server's local time: read in the deadline's zone
    assert manifest(out)["ada", "regression.py"] == "2026-03-01T22:30:00+01:00"
    assert manifest(out)["grace", "regression.py"] == "2026-03-02T08:00:00+01:00"
    assert why(collected)["regression.ipynb"] == "not on the roster"  # blind marking
    assert why(collected)["onlinetext.html"].startswith("zoe's, but not a module file")


def test_a_zip_entrys_time_in_utc_is_taken_as_it_is(tmp_path, course):
    stamp = int(datetime(2026, 3, 1, 21, 45, tzinfo=UTC).timestamp())
    with zipfile.ZipFile(tmp_path / "moodle.zip", "w") as archive:
        info = zipfile.ZipInfo("Ada Lovelace_1001_assignsubmission_file_/regression.py",
                               (2026, 3, 8, 12, 0, 0))
        info.extra = struct.pack("<HHBi", 0x5455, 5, 1, stamp)  # the "extended timestamp"
        archive.writestr(info, "x = 1\n")
    collect_submissions(source=tmp_path / "moodle.zip", out=tmp_path / "class",
                        course=with_deadline(course))
    assert manifest(tmp_path / "class") == {
        ("ada_lovelace", "regression.py"): "2026-03-01T21:45:00+00:00"}


def test_without_a_roster_moodle_learners_are_named_by_their_full_names(tmp_path, course):
    collected = collect_submissions(source=scenario("moodle", tmp_path), out=tmp_path / "class",
                                    course=course)
    assert collected.learners == ("ada_lovelace", "grace_hopper", "jose_alvarez",
                                  "participant_2004", "zoe_obrien")
    assert manifest(tmp_path / "class") == {}  # an unzipped folder's times are nobody's word


def test_a_blackboard_download_keeps_each_learners_latest_attempt_at_its_time(tmp_path, course):
    out = tmp_path / "class"
    collected = collect_submissions(source=scenario("blackboard", tmp_path), out=out,
                                    course=with_deadline(course),
                                    roster=read_roster(ROSTERS / "blackboard.csv"))
    assert collected.platform == "blackboard"
    assert tree(out) == {"ada": ["regression.py"], "charles": ["regression.py"]}
    assert (out / "ada" / "regression.py").read_text() == '"""Ada, second\'s regression."""\n'
    assert [d.source for d in collected.dropped] == [
        "Homework 1_alovelace_attempt_2026-03-01-10-15-32_regression.py"]
    assert manifest(out) == {("ada", "regression.py"): "2026-03-02T09:00:01+01:00",
                             ("charles", "regression.py"): "2026-03-01T23:59:59+01:00"}
    assert collected.unplaced == ()  # the attempts' text files are read, not left over


def test_a_gradescope_export_gives_each_submitter_of_a_group_its_files_at_its_time(
        tmp_path, course):
    source = zipped(scenario("gradescope", tmp_path), tmp_path / "export.zip")
    out = tmp_path / "class"
    collected = collect_submissions(source=source, out=out, course=course)
    assert collected.platform == "gradescope"
    assert tree(out) == {"ada": ["regression.py"], "cb": ["regression.ipynb"],
                         "gh": ["regression.ipynb"], "so": ["regression.py"]}
    assert manifest(out) == {
        ("ada", "regression.py"): "2026-03-01T23:58:10.123456-08:00",
        ("cb", "regression.ipynb"): "2026-03-02T08:00:00-08:00",
        ("gh", "regression.ipynb"): "2026-03-02T08:00:00-08:00",
        ("so", "regression.py"): "2026-03-01T12:00:00-08:00",
    }
    assert "README.md" in why(collected)


def test_a_gradescope_name_made_of_nested_aliases_is_not_spelled_out(tmp_path, course):
    """YAML aliases nest a list in itself 2**40 times over in a few lines: a name that is
    no plain text counts as not given, and the submitter is known by their id."""
    source = scenario("gradescope", tmp_path) / "assignment_123456_export"
    bomb = "a0: &a0 [x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, 41))
    metadata = source / "submission_metadata.yml"
    metadata.write_text(bomb + metadata.read_text().replace(
        ":name: Ada Lovelace", ":name: *a40").replace("---\n", ""))
    collected = collect_submissions(source=source, out=tmp_path / "class", course=course)
    assert "ada" in collected.learners


def test_a_gradescope_export_takes_the_rosters_ids_by_student_id(tmp_path, course):
    collected = collect_submissions(source=scenario("gradescope", tmp_path),
                                    out=tmp_path / "class", course=course,
                                    roster=read_roster(ROSTERS / "canvas.csv"))
    assert collected.learners == ("ada", "charles", "grace")
    assert why(collected)["regression.py"] == "not on the roster"


def test_github_classroom_clones_are_learners_by_user_name_their_git_never_read(tmp_path, course):
    source = scenario("github", tmp_path)
    (source / "regression-ada-lovelace" / ".git").mkdir()
    (source / "regression-ada-lovelace" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    out = tmp_path / "class"
    collected = collect_submissions(source=source, out=out, course=course)
    assert collected.platform == "github"
    assert tree(out) == {"ada-lovelace": ["regression.py"], "cbabbage": ["regression.py"]}
    assert list(why(collected)) == ["README.md"]


def test_learner_folders_that_share_a_prefix_are_no_github_clones_without_a_git(tmp_path, course):
    for learner in ("student-01", "student-02"):
        (tmp_path / "in" / learner).mkdir(parents=True)
        (tmp_path / "in" / learner / "regression.py").write_text("x = 1\n")
    collected = collect_submissions(source=tmp_path / "in", out=tmp_path / "class", course=course)
    assert (collected.platform, collected.learners) == ("folders", ("student-01", "student-02"))


def test_a_plain_folder_of_learners_is_collected_and_undecidable_candidates_are_named(
        tmp_path, course):
    source = scenario("folders", tmp_path)
    (source / "submissions" / "dana" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    out = tmp_path / "class"
    collected = collect_submissions(source=source, out=out, course=course)
    assert collected.platform == "folders"
    assert tree(out) == {"ada": ["regression.py"], "ben": ["regression.py"],
                         "dana": ["regression.quiz.toml"]}
    assert (out / "ben" / "regression.py").read_text() == '"""Ben\'s regression."""\n'
    # the report names files where they are in the source, the wrapping folder included
    unplaced = {u.source.removeprefix("submissions/"): u.why for u in collected.unplaced}
    assert "two candidates for ben/regression.py" in unplaced["ben/regression (1).py"]
    assert "two candidates for chen/regression.py" in unplaced["chen/homework/regression.py"]
    assert "two candidates for chen/regression.py" in unplaced["chen/old/regression.py"]
    assert unplaced["instructions.pdf"] == "not in a learner's folder"
    assert collected.litter == 1


# -- every file is accounted for -----------------------------------------------------------


@pytest.mark.parametrize("platform", ["canvas", "moodle", "blackboard", "gradescope", "github",
                                      "folders"])
def test_every_file_of_a_download_is_placed_dropped_or_listed_with_why(platform, tmp_path, course):
    source = scenario(platform, tmp_path)
    files = sorted(p for p in source.rglob("*") if p.is_file())
    roster = read_roster(ROSTERS / f"{platform}.csv") if platform in ("canvas", "moodle") else None
    collected = collect_submissions(source=zipped(source, tmp_path / "in.zip", litter=False),
                                    out=tmp_path / "class", course=course, roster=roster)
    said = [p.source for p in collected.placed] + [d.source for d in collected.dropped]
    said += [u.source for u in collected.unplaced]
    report = collected.describe()
    for path in files:
        name = path.relative_to(source).as_posix()
        if name.endswith((".txt", ".yml")) and platform in ("blackboard", "gradescope"):
            continue  # the platform's own account of the attempts, read for names and times
        if name.endswith(".zip"):
            assert any(s.startswith(name.split("/")[-1]) for s in said)
            continue
        assert any(s.endswith(name.split("/")[-1]) for s in said), name
        assert path.name in report
    assert all(u.why for u in collected.unplaced)


# -- near-miss names ---------------------------------------------------------------------------


@pytest.mark.parametrize(("handed", "placed"), [
    ("Regression.py", "regression.py"),
    ("regression (1).py", "regression.py"),
    ("regression-1.py", "regression.py"),
    ("regression.PY", "regression.py"),
    ("homework/regression.py", "regression.py"),
    ("regression.ipynb", "regression.ipynb"),
    ("Regression.quiz.toml", "regression.quiz.toml"),
    ("Clustering (2).ipynb", "clustering.ipynb"),
])
def test_a_near_miss_name_is_taken_for_its_module_file(handed, placed, tmp_path, course):
    (tmp_path / "in" / "ada" / handed).parent.mkdir(parents=True)
    (tmp_path / "in" / "ada" / handed).write_text("x = 1\n")
    collect_submissions(source=tmp_path / "in", out=tmp_path / "class", course=course)
    assert tree(tmp_path / "class") == {"ada": [placed]}


@pytest.mark.parametrize("handed", ["regressions.py", "regression_old.py", "notes.py",
                                    "a/b/c/d/regression.py", "regression.txt"])
def test_a_name_that_is_no_module_file_is_listed_not_guessed(handed, tmp_path, course):
    (tmp_path / "in" / "ada" / handed).parent.mkdir(parents=True)
    (tmp_path / "in" / "ada" / handed).write_text("x = 1\n")
    (tmp_path / "in" / "ben").mkdir()
    (tmp_path / "in" / "ben" / "regression.py").write_text("x = 1\n")
    collected = collect_submissions(source=tmp_path / "in", out=tmp_path / "class", course=course)
    assert collected.learners == ("ben",)
    assert [u.source for u in collected.unplaced] == [f"ada/{handed}"]
    assert "not a module file of this course" in collected.unplaced[0].why


# -- hostile zips and folders ------------------------------------------------------------------


def _hostile_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ada/regression.py", "x = 1\n")
        archive.writestr("ben/../../escaped.py", "x = 1\n")
        archive.writestr("/tmp/absolute.py", "x = 1\n")
        archive.writestr("chen\\..\\..\\windows.py", "x = 1\n")
        link = zipfile.ZipInfo("dana/regression.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("eli/regression.py", b"\x00" * (64 * 1024 * 1024))  # a bomb
        archive.writestr("fay/regression.zip", _nested(5))
    return path


def _nested(depth: int) -> bytes:
    data = b'"""deep"""\n'
    name = "regression.py"
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    return data


def test_a_hostile_zip_has_each_bad_entry_refused_and_the_rest_collected(tmp_path, course):
    out = tmp_path / "work" / "class"
    collected = collect_submissions(source=_hostile_zip(tmp_path / "hostile.zip"), out=out,
                                    course=course)
    assert tree(out) == {"ada": ["regression.py"]}
    unplaced = {u.source: u.why for u in collected.unplaced}
    assert "out of its folder" in unplaced["ben/../../escaped.py"]
    assert "absolute path" in unplaced["/tmp/absolute.py"]
    assert "out of its folder" in unplaced["chen\\..\\..\\windows.py"]  # as named in the zip
    assert "symbolic link" in unplaced["dana/regression.py"]
    assert "zip bomb" in unplaced["eli/regression.py"]
    assert any("nested more than" in w for s, w in unplaced.items() if s.startswith("fay/"))
    assert sorted(p.name for p in tmp_path.rglob("*.py")) == ["regression.py"]  # nothing escaped


def test_more_entries_than_the_bound_are_not_read_and_said_once(tmp_path, course, monkeypatch):
    monkeypatch.setattr(source_module, "MAX_ENTRIES", 3)
    for learner in ("ada", "ben", "chen", "dana", "eli"):
        (tmp_path / "in" / learner).mkdir(parents=True)
        (tmp_path / "in" / learner / "regression.py").write_text("x = 1\n")
    collected = collect_submissions(source=tmp_path / "in", out=tmp_path / "class", course=course)
    assert len(collected.learners) < 5
    assert sum("more than 3 files" in u.why for u in collected.unplaced) == 1


def test_a_link_in_a_source_folder_is_never_followed(tmp_path, course):
    secret = tmp_path / "secret.py"
    secret.write_text("SECRET = 1\n")
    (tmp_path / "in" / "ada").mkdir(parents=True)
    (tmp_path / "in" / "ada" / "regression.py").symlink_to(secret)
    (tmp_path / "in" / "ben").symlink_to(tmp_path, target_is_directory=True)
    collected = collect_submissions(source=tmp_path / "in", out=tmp_path / "class", course=course)
    assert collected.placed == ()
    assert {u.source: u.why for u in collected.unplaced} == {
        "ada/regression.py": "a link: links are never followed",
        "ben": "a link: links are never followed"}


def test_a_file_too_big_is_listed_with_its_size(tmp_path, course, monkeypatch):
    monkeypatch.setattr(source_module, "MAX_FILE_BYTES", 100)
    (tmp_path / "in" / "ada").mkdir(parents=True)
    (tmp_path / "in" / "ada" / "regression.py").write_text("x = 1\n" * 100)
    collected = collect_submissions(source=tmp_path / "in", out=tmp_path / "class", course=course)
    assert collected.unplaced[0].why.startswith("too big: 600 bytes")


# -- what the user gave cannot be used -------------------------------------------------------


def test_a_source_that_is_not_there_or_not_a_zip_is_bad_input(tmp_path, course):
    with pytest.raises(CollectSourceError, match="no such file or folder"):
        collect_submissions(source=tmp_path / "nothing.zip", out=tmp_path / "c", course=course)
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(CollectSourceError, match="not a zip that can be read"):
        collect_submissions(source=tmp_path / "broken.zip", out=tmp_path / "c", course=course)
    assert not (tmp_path / "c").exists()


def test_the_class_folder_is_never_inside_the_source_nor_a_folder_of_other_files(tmp_path, course):
    source = scenario("folders", tmp_path)
    with pytest.raises(CollectSourceError, match="inside the source"):
        collect_submissions(source=source, out=source / "class", course=course)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("keep me")
    with pytest.raises(CollectSourceError, match="not the output of `grader collect`"):
        collect_submissions(source=source, out=tmp_path / "mine", course=course)
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "keep me"


def test_collecting_again_replaces_a_previous_collect_whole(tmp_path, course):
    source = scenario("folders", tmp_path)
    out = tmp_path / "class"
    collect_submissions(source=source, out=out, course=course)
    shutil.rmtree(source / "submissions" / "ada")
    collect_submissions(source=source, out=out, course=course)
    assert "ada" not in tree(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failure_while_writing_leaves_no_class_folder_behind(tmp_path, course, monkeypatch):
    from grader.collect import writer

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer, "sync_folder", broken)
    with pytest.raises(OSError, match="disk full"):
        collect_submissions(source=scenario("folders", tmp_path), out=tmp_path / "class",
                            course=course)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download"]


# -- the command line, and grading what was collected ---------------------------------------


def test_the_command_prints_what_it_wrote_to_collected_txt_and_exits_0(tmp_path):
    source = zipped(scenario("canvas", tmp_path), tmp_path / "submissions.zip")
    out = tmp_path / "class"
    result = CliRunner().invoke(main, ["collect", str(source), "--out", str(out), "--roster",
                                       str(ROSTERS / "canvas.csv")])
    assert result.exit_code == 0, result.output
    assert result.output == (out / "collected.txt").read_text()
    assert "recognised as a Canvas download" in result.output
    assert "odonnellsiobhan_45678_67894_regression.py: not on the roster" in result.output


def test_the_command_offers_every_platform_the_package_reads():
    from grader.collect import PLATFORM_NAMES

    command = importlib.import_module("grader.cli.collect")  # grader.cli.collect is the command
    assert sorted(command.PLATFORMS) == sorted(PLATFORM_NAMES)


def test_the_command_exits_2_on_a_source_it_cannot_read(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["collect", str(tmp_path / "broken.zip"),
                                       "--out", str(tmp_path / "class")])
    assert result.exit_code == 2
    assert "not a zip that can be read" in result.output


def test_a_platform_given_by_the_user_reads_what_is_not_named_so_as_not_placed(tmp_path, course):
    collected = collect_submissions(source=scenario("folders", tmp_path), out=tmp_path / "class",
                                    course=course, platform="canvas")
    assert (collected.platform, collected.recognised) == ("canvas", False)
    assert collected.placed == ()
    assert all("not named as Canvas names" in u.why for u in collected.unplaced)


def test_a_collected_canvas_download_is_graded_learner_by_learner_with_its_manifest(
        tmp_path, course):
    from grader.grading import grade_class
    from tests.conftest import reference, stub

    download = tmp_path / "download"
    download.mkdir()
    (download / "lovelaceada_12345_67890_Regression.py").write_text(reference("regression"))
    (download / "babbagecharles_LATE_23456_67891_regression-1.py").write_text(stub("regression"))
    source = zipped(download, tmp_path / "submissions.zip")
    out = tmp_path / "class"
    collect_submissions(source=source, out=out, course=course,
                        roster=read_roster(ROSTERS / "canvas.csv"))
    graded = grade_class(out, out=tmp_path / "reports", jobs=1, manifest=out / "manifest.csv")
    learners = {learner.learner: learner for learner in graded.result.learners}
    assert sorted(learners) == ["ada", "charles"]  # collected.txt and manifest.csv are not learners
    ada = next(m for m in learners["ada"].modules if m.module == "regression")
    charles = next(m for m in learners["charles"].modules if m.module == "regression")
    assert ada.score == ada.max_score > charles.score


def test_names_with_controls_or_bytes_that_are_not_utf8_are_reported_escaped(tmp_path, course):
    source = tmp_path / "in"
    (source / "ada").mkdir(parents=True)
    (source / "ada" / "regression.py").write_text("x = 1\n")
    (source / "ada" / "evil\x1b[2Jname\n.txt").write_text("x\n")
    os.mkdir(os.path.join(os.fsencode(source), b"caf\xe9"))
    (source / os.fsdecode(b"caf\xe9") / "regression.py").write_text("x = 1\n")
    collected = collect_submissions(source=source, out=tmp_path / "class", course=course)
    report = (tmp_path / "class" / "collected.txt").read_text(encoding="utf-8")
    assert "ada/evil\\x1b[2Jname\\x0a.txt" in report
    assert collected.learners == ("ada", "caf\\xe9")
    assert (tmp_path / "class" / "caf\\xe9" / "regression.py").is_file()


def test_the_command_runs_as_a_user_runs_it(tmp_path, run_grader):
    source = zipped(scenario("blackboard", tmp_path), tmp_path / "Homework 1.zip")
    done = run_grader("collect", source, "--out", tmp_path / "class")
    assert done.returncode == 0, done.stderr
    assert "recognised as a Blackboard download" in done.stdout
    refused = run_grader("collect", tmp_path / "missing.zip", "--out", tmp_path / "other")
    assert refused.returncode == 2
    assert "no such file or folder" in refused.stderr


def test_the_dates_in_a_learners_own_zip_are_never_taken_for_submission_times(tmp_path, course):
    own = io.BytesIO()
    with zipfile.ZipFile(own, "w") as archive:
        archive.writestr(zipfile.ZipInfo("regression.py", (2020, 1, 1, 0, 0, 0)), "x = 1\n")
    for source in ("download", "zipped"):
        folder = tmp_path / "download" / "Ada Lovelace_1001_assignsubmission_file_"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "homework.zip").write_bytes(own.getvalue())
        if source == "zipped":
            zipped(tmp_path / "download", tmp_path / "moodle.zip")
        given = tmp_path / ("moodle.zip" if source == "zipped" else "download")
        collected = collect_submissions(source=given, out=tmp_path / f"class-{source}",
                                        course=with_deadline(course))
        assert collected.learners == ("ada_lovelace",)
        assert manifest(tmp_path / f"class-{source}") == {}


def test_a_learner_named_as_collects_own_files_is_not_placed_over_them(tmp_path, course):
    for learner in ("ada", "manifest.csv"):
        (tmp_path / "in" / learner).mkdir(parents=True)
        (tmp_path / "in" / learner / "regression.py").write_text("x = 1\n")
    collected = collect_submissions(source=tmp_path / "in", out=tmp_path / "class", course=course)
    assert collected.learners == ("ada",)
    assert "a file collect writes" in why(collected)["regression.py"]
    assert (tmp_path / "class" / "manifest.csv").is_file()


def test_a_name_two_learners_of_the_roster_share_places_neither_and_says_so(tmp_path, course):
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,name\nada1,Ada Lovelace\nada2,Ada Lovelace\nzoe,Zoë O'Brien\n")
    collected = collect_submissions(source=scenario("moodle", tmp_path), out=tmp_path / "class",
                                    course=course, roster=read_roster(roster))
    assert collected.learners == ("zoe",)
    unplaced = {u.source: u.why for u in collected.unplaced}
    assert unplaced["Ada Lovelace_1001_assignsubmission_file_/regression.py"] == (
        "not on the roster alone: 'Ada Lovelace' is ada1, ada2 (give their lms_id)")
