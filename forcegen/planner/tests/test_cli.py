"""The command line, run as a real subprocess where exit codes and streams matter."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from forcegen.planner.cli import main
from forcegen.planner.tests.checker import violations

ROOT = Path(__file__).resolve().parents[3]

INSTANCE: dict[str, Any] = {
    "start": "2027-03-01",
    "end": "2028-02-29",
    "min_female_share": 0.15,
    "rest_days": 365,
    "slots": [
        {"id": "surgeon-1", "role": "surgeon", "requires": ["cptm", "english-b1"]},
        {"id": "nurse-1", "role": "nurse", "requires": ["cptm"], "female_only": True},
        {"id": "dentist-1", "role": "dentist"},
    ],
    "people": [
        {
            "id": "P1",
            "sex": "F",
            "roles": ["surgeon", "nurse"],
            "has": ["cptm", "english-b1"],
            "last_return": "2025-10-01",
            "deployments": 1,
            "volunteer": True,
            "unavailable": [["2026-04-01", "2026-05-15"]],
            "language_score": 4.5,
        },
        {"id": "P2", "sex": "M", "roles": ["surgeon"], "has": ["cptm", "english-b1"]},
        {"id": "P3", "sex": "F", "roles": ["nurse"], "has": ["cptm"]},
    ],
}


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "forcegen.planner", *args]
    return subprocess.run(command, cwd=ROOT, input=stdin, capture_output=True, text=True)


def test_solve_prints_the_plan_as_json(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(INSTANCE))
    done = run_cli("solve", str(path), "--time-limit", "5")
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["status"] == "optimal"
    assert plan["method"] == "cp-sat"
    assert plan["filled"] == 2
    assert [u["slot"] for u in plan["unfilled"]] == ["dentist-1"]
    assert {"objective", "bound", "gap", "seconds", "stages"} <= plan.keys()
    assert violations(INSTANCE, plan) == []


def test_bad_input_exits_2_naming_the_field(tmp_path):
    bad = {**INSTANCE, "people": [*INSTANCE["people"], {"id": "P4", "sex": "F", "roles": []}]}
    bad["people"][3]["last_return"] = "2025-13-01"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    done = run_cli("solve", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "people[3] (id 'P4'): 'last_return' must be a date" in done.stderr
    assert "Traceback" not in done.stderr


def test_greedy_reads_standard_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(INSTANCE)))
    assert main(["solve", "-", "--greedy"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["method"] == "greedy"
    assert violations(INSTANCE, plan) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({**INSTANCE, "min_female_share": 1.5}), "'min_female_share' must be between"),
        (json.dumps({k: v for k, v in INSTANCE.items() if k != "start"}), "'start' is missing"),
    ],
)
def test_bad_files_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "instance.json"
    path.write_text(content)
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ")
    assert message in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_time_limit_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["solve", "x.json", "--time-limit", "0"])
    assert exit_info.value.code == 2
    assert "--time-limit" in capsys.readouterr().err


def test_the_planner_never_imports_django():
    code = (
        "import sys, forcegen.planner, forcegen.planner.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
