"""``python -m civic.core.budget --rule RULE [--utility U] [--step N] FILE.pb``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from civic.core.budget.__main__ import main
from civic.core.budget.pabulib import format_pb, from_election
from tests.unit.core.budget.budget_factories import election

REPO = Path(__file__).resolve().parents[4]


@pytest.fixture
def pb_file(tmp_path: Path) -> Path:
    e = election(
        100,
        {"a": 60, "b": 50, "c": 40},
        [["a", "b"], ["a", "b"], ["a", "c"]],
        meta={"min_project_score_threshold": "2"},
    )
    path = tmp_path / "tiny.pb"
    path.write_text(format_pb(from_election(e)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rule", "selected", "cost"),
    [
        ("greedy", ["a", "c"], 100),
        ("greedy-no-skip", ["a"], 60),
        ("greedy-threshold", ["a"], 60),
        ("mes", ["a"], 60),
        ("mes+greedy", ["a", "c"], 100),
        ("mes+add1", ["a"], 60),
    ],
)
def test_prints_the_rule_the_sorted_winners_and_their_cost(
    pb_file: Path, capsys: pytest.CaptureFixture[str], rule: str, selected: list[str], cost: int
) -> None:
    assert main(["--rule", rule, str(pb_file)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["rule"], out["selected"], out["cost"]) == (rule, selected, cost)
    assert "explanations" not in out


def test_explain_adds_one_reason_per_project(
    pb_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--rule", "mes", "--utility", "cardinality", "--explain", str(pb_file)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameters"]["utility"] == "cardinality"
    assert [e["project"] for e in out["explanations"]] == ["a", "b", "c"]
    assert out["explanations"][0]["code"] == "bought_by_supporters"


def test_step_and_completion_are_reported(
    pb_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--rule", "mes+add1", "--step", "2.5", "--completion", "greedy", str(pb_file)]) == 0
    )
    params = json.loads(capsys.readouterr().out)["parameters"]
    assert (params["step"], params["completion"]) == ("5/2", "greedy")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rule", "borda"], "unknown rule"),
        (["--rule", "mes", "--utility", "joy"], "unknown utility"),
        (["--rule", "mes+add1", "--step", "x"], "--step"),
        (["--rule", "mes+add1", "--step", "0"], "positive"),
        (["--rule", "greedy", "MISSING"], "cannot read"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_status_2(
    pb_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = args if "MISSING" in args else [*args, str(pb_file)]
    argv = [str(pb_file.parent / "missing.pb") if a == "MISSING" else a for a in argv]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and message in captured.err
    assert captured.err.count("\n") == 1


def test_usage_errors_are_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["only-a-file.pb"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "--rule" in err and err.count("\n") == 1


def test_malformed_file_and_untallied_ballots_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;10\nvote_type;approval\n", encoding="utf-8")
    assert main(["--rule", "greedy", str(bad)]) == 2
    ordinal = tmp_path / "ordinal.pb"
    ordinal.write_text(
        format_pb(from_election(election(10, {"a": 1}, [["a"]], vote_type="ordinal"))),
        encoding="utf-8",
    )
    assert main(["--rule", "mes", str(ordinal)]) == 2
    assert "ordinal" in capsys.readouterr().err


REPEATING = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost
a;60
b;50
VOTES
voter_id;vote
1;a,b
2;a,a
3;b
"""


def test_a_vote_naming_a_project_twice_counts_once_with_a_warning_on_stderr_and_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "repeating.pb"
    path.write_text(REPEATING, encoding="utf-8")
    assert main(["--rule", "greedy", str(path)]) == 0
    captured = capsys.readouterr()
    warning = "1 vote names a project more than once (voter 2): counted once"
    assert captured.err == f"warning: {warning}\n"
    out = json.loads(captured.out)
    assert (out["selected"], out["warnings"]) == (["a"], [warning])


def test_a_clean_file_has_no_warnings(pb_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rule", "greedy", str(pb_file)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert json.loads(captured.out)["warnings"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("3;b\n", "3;z\n"), "voter 3 votes for unknown project 'z'"),
        (("2;a,a\n", "2;a;a\n"), "line 12: 3 fields, the VOTES header has 2"),
        (("b;50\n", "b;fifty\n"), "project b cost: not a number: 'fifty'"),
    ],
)
def test_a_really_malformed_file_is_still_refused_in_one_line_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(REPEATING.replace(*change), encoding="utf-8")
    assert main(["--rule", "greedy", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"error: {message}\n"


def test_runs_as_a_module_without_traceback(pb_file: Path, tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "civic.core.budget", "--rule", "greedy", str(pb_file)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["selected"] == ["a", "c"]
    bad = subprocess.run(
        [sys.executable, "-m", "civic.core.budget", "--rule", "nope", str(tmp_path / "x.pb")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
