"""The isolation level: what each machine gives, what a missing layer leaves open, and the
rule that batch grading refuses a level where hidden checks are readable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.errors import BadInput
from grader.grading import grade_class, pipeline
from grader.sandbox import Limits, Loaded, Sandbox, isolation
from grader.sandbox.isolation import Machine, assess, plan_for

from .conftest import ROOT, reference

ROOT_WITH_EVERYTHING = Machine(root=True, namespaces=True, uid_drop=True, landlock_abi=7,
                               seccomp=True, cgroups=True, subreaper=True)
LAPTOP = Machine(root=False, namespaces=True, uid_drop=False, landlock_abi=7, seccomp=True,
                 cgroups=False, subreaper=True)
NOTHING = Machine(root=False, namespaces=False, uid_drop=False, landlock_abi=0, seccomp=False,
                  cgroups=False, subreaper=False)


def test_every_layer_on_is_strong_with_nothing_left_open():
    found = assess(ROOT_WITH_EVERYTHING)
    assert found.level == "strong" and found.open == ()


def test_a_laptop_without_root_is_medium_and_says_memory_is_per_process_only():
    found = assess(LAPTOP)
    assert found.level == "medium"
    assert found.open == ("use more memory in all than the limit, spread over several processes",)


def test_without_landlock_or_namespaces_hidden_checks_are_readable_and_the_level_is_weak():
    found = assess(replace(LAPTOP, landlock_abi=0, namespaces=False))
    assert found.level == "weak"
    assert "read hidden checks, solutions and other learners' files" in found.open


def test_without_seccomp_or_namespaces_the_network_is_open_and_the_level_is_weak():
    found = assess(replace(LAPTOP, seccomp=False, namespaces=False))
    assert found.level == "weak" and "reach the network, loopback included" in found.open


def test_root_without_a_per_job_uid_or_cgroups_cannot_bound_a_fork_bomb():
    found = assess(replace(ROOT_WITH_EVERYTHING, uid_drop=False, cgroups=False))
    assert "start processes without a bound (a fork bomb)" in found.open


def test_namespaces_alone_protect_files_only_once_learner_code_is_not_root():
    as_root = assess(replace(NOTHING, root=True, namespaces=True, seccomp=True))
    as_user = assess(replace(NOTHING, namespaces=True, seccomp=True))
    assert as_root.level == "weak" and as_user.level == "medium"


def test_a_run_records_the_level_every_layer_on_or_off_in_order_and_what_stays_open():
    recorded = assess(LAPTOP).level_reached()
    assert json.dumps(recorded.to_dict()) == json.dumps({
        "level": "medium",
        "layers": {"resource limits": True, "namespaces": True, "per-job user": True,
                   "landlock ABI 7": True, "seccomp": True, "cgroups": False, "subreaper": True},
        "open": ["use more memory in all than the limit, spread over several processes"]})
    assert assess(LAPTOP).to_dict() == recorded.to_dict()  # what `grader doctor --json` prints


def test_the_report_names_every_layer_and_each_missing_one_with_what_it_leaves_open():
    text = assess(LAPTOP).report()
    assert "[OFF] cgroups" in text and "missing: memory is limited per process only" in text
    assert "Level: MEDIUM" in text


def test_with_namespaces_doctor_says_only_the_jobs_own_socket_files_are_in_reach():
    for machine in (ROOT_WITH_EVERYTHING, LAPTOP):
        text = assess(machine).report()
        assert "Unix socket files: only those in the job's own scratch folder" in text
        assert "/run/user/<uid> are not in it" in text


def test_without_namespaces_doctor_says_seccomp_leaves_no_unix_socket_but_pairs():
    for machine in (replace(ROOT_WITH_EVERYTHING, namespaces=False),
                    replace(LAPTOP, namespaces=False)):
        assert "no Unix socket can be made at all (seccomp), only socket pairs" in \
            assess(machine).report()


def test_without_namespaces_or_seccomp_socket_files_are_named_as_open():
    found = assess(replace(LAPTOP, namespaces=False, seccomp=False))
    assert found.level == "weak" and "Unix socket files: NOT PROTECTED" in found.report()
    assert any("connect to Unix socket files" in gap for gap in found.open)


def test_at_the_medium_level_doctor_says_what_is_left_of_the_instructors_session():
    text = assess(LAPTOP).report()
    assert "Your session: learner code runs as your own uid" in text
    assert "It cannot reach your session bus" in text and "It still shares" in text
    assert "/dev/shm with your other programs" in assess(replace(LAPTOP, namespaces=False)).report()
    assert "Your session" not in assess(ROOT_WITH_EVERYTHING).report()


def test_the_plan_masks_the_protected_folders_and_refuses_to_mask_the_interpreter(tmp_path):
    hidden = tmp_path / "solutions"
    hidden.mkdir()
    assert str(hidden.resolve()) in plan_for([hidden]).masks
    with pytest.raises(ValueError, match="overlaps the Python installation"):
        plan_for([Path(sys.prefix)])


def test_batch_grading_refuses_a_weak_level_unless_told(monkeypatch, make_class, tmp_path):
    monkeypatch.setattr(pipeline, "assess", lambda: assess(NOTHING))
    submissions = make_class({"ada": {"regression.py": reference("regression")}})
    with pytest.raises(BadInput, match="--allow-weak-isolation"):
        grade_class(submissions, out=tmp_path / "out", jobs=1)
    assert not (tmp_path / "out").exists()


def test_the_cli_says_how_to_grade_anyway_at_a_weak_level(monkeypatch, make_class, tmp_path):
    monkeypatch.setattr(pipeline, "assess", lambda: assess(NOTHING))
    submissions = make_class({"ada": {"regression.py": reference("regression")}})
    result = CliRunner().invoke(main, ["grade", str(submissions), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--allow-weak-isolation" in result.output


def test_the_level_is_recorded_in_results_json_and_shown_in_the_reports(make_class, tmp_path):
    submissions = make_class({"ada": {"regression.py": reference("regression")}})
    out = tmp_path / "out"
    grade_class(submissions, out=out, jobs=1)
    recorded = json.loads((out / "results.json").read_text())["grader"]["isolation"]
    assert recorded == assess().to_dict()
    assert f"isolation: {assess().level}" in (out / "index.html").read_text()
    assert f"isolation: {assess().level}" in (out / "learners" / "ada.html").read_text()


def test_doctor_prints_the_level_and_exits_zero_when_hidden_checks_are_safe():
    result = CliRunner().invoke(main, ["doctor"])
    assert f"Level: {assess().level.upper()}" in result.output
    assert result.exit_code == (0 if assess().hidden_checks_protected else 1)


def test_doctor_says_what_each_level_and_the_graders_own_process_guarantee():
    said = " ".join(CliRunner().invoke(main, ["doctor"]).output.split())
    assert "strong learner code cannot read instructor files, reach any network or any " \
           "socket file outside its scratch folder" in said
    assert "medium hidden checks and solutions unreadable, no network, no socket file " \
           "outside its scratch folder (so not your session bus" in said
    assert "weak hidden checks are NOT protected" in said
    assert "whatever goes wrong with one learner becomes that learner's error result and " \
           "the run goes on with everyone else" in said


def test_doctor_json_lists_every_layer():
    data = json.loads(CliRunner().invoke(main, ["doctor", "--json"]).output)
    assert set(data["layers"]) >= {"namespaces", "seccomp", "cgroups", "subreaper"}


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="the per-job uid needs root")


@needs_root
def test_as_root_learner_code_runs_as_the_slot_uid_and_still_imports_lazily():
    plan = plan_for(slot=3)
    source = ("import os\n"
              "def who():\n"
              "    import statistics, decimal, fractions\n"
              "    return os.getuid(), statistics.mean([1, 3])\n")
    with Sandbox(Limits(), plan) as sandbox:
        assert isinstance(sandbox.load(source, "x.py", "x", 10.0), Loaded)
        outcome = sandbox.call("who", (), {}, 5.0)
    expected_uid = isolation.SLOT_UID_BASE + 3 if plan.uid is not None else 0
    assert outcome.value == (expected_uid, 2)


UNPRIVILEGED_PYTHON = os.environ.get("GRADER_UNPRIVILEGED_PYTHON", "")
UNPRIVILEGED_SUITES = ("tests/test_sandbox.py", "tests/test_hostile.py", "tests/test_isolation.py")


@pytest.mark.skipif(os.geteuid() != 0 or not UNPRIVILEGED_PYTHON or not shutil.which("setpriv"),
                    reason="needs root, setpriv and an interpreter uid 1000 can run "
                           "(GRADER_UNPRIVILEGED_PYTHON, which .ci/run sets up)")
def test_the_sandbox_and_hostile_suites_also_pass_as_an_unprivileged_user():
    home = Path(tempfile.mkdtemp(prefix="grader-unprivileged-"))  # pytest's own is root-only
    home.chmod(0o777)
    runtime = Path("/run/user/1000")  # the session's runtime folder, as logind makes it: the
    made = not runtime.exists()       # hostile corpus puts a session bus there
    if made:
        runtime.mkdir(mode=0o700, parents=True)
        os.chown(runtime, 1000, 1000)
    command = ["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups",
               "env", f"HOME={home}", "PYTHONDONTWRITEBYTECODE=1",
               UNPRIVILEGED_PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               f"--basetemp={home / 'base'}", *UNPRIVILEGED_SUITES]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if made:
            shutil.rmtree(runtime, ignore_errors=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
