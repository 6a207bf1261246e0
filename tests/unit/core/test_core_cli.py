"""The core's CLI: anyone can recompute a published result from open data (docs/rules.md §8)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from civic.core.__main__ import main
from civic.core.thresholds import CGCT, rule_set_to_dict


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else out), err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- votation -------------------------------------------------------------------


def test_votation_recounts_exported_ballots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = write(tmp_path, "b.csv", "choice\noui\nnon\n\nblank\noui\nnul\noui\n")
    code, result, err = run(
        capsys, "votation", "--ballots", ballots, "--eligible", "20", "--approve", "oui"
    )
    assert (code, err) == (0, "")
    assert [(c["choice"], c["votes"]) for c in result["counts"]] == [("non", 1), ("oui", 3)]
    assert (result["blank"], result["null"], result["voters"]) == (2, 1, 7)
    assert result["turnout"] == "7/20"
    assert result["turnout_percent"] == "35.0"
    assert (result["quorum_required_voters"], result["quorum_reached"]) == (5, True)
    assert (result["adopted"], result["binding"], result["reason"]) == (True, True, "adopted")


def test_votation_reads_semicolon_separated_exports_with_a_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "b.csv"
    path.write_text("bureau;choice\n1;a\n1;b\n2;a\n", encoding="utf-8-sig")
    code, result, _ = run(capsys, "votation", "--ballots", str(path), "--eligible", "3")
    assert code == 0
    assert (result["winner"], result["voters"]) == ("a", 3)


def test_votation_keeps_the_declared_choice_order_and_zero_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = write(tmp_path, "b.csv", "choice\nb\n")
    _, result, _ = run(
        capsys, "votation", "--ballots", ballots, "--eligible", "4", "--choices", "c,b,a"
    )
    assert [(c["choice"], c["votes"]) for c in result["counts"]] == [("c", 0), ("b", 1), ("a", 0)]


def test_votation_applies_the_mode_and_quorum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = write(tmp_path, "b.csv", "choice\noui\noui\nnon\n")
    _, result, _ = run(
        capsys,
        "votation",
        "--ballots",
        ballots,
        "--eligible",
        "10",
        "--mode",
        "cgct_local_referendum",
        "--approve",
        "oui",
    )
    assert (result["quorum_percent"], result["reason"]) == ("50", "quorum_not_reached")
    _, result, _ = run(
        capsys, "votation", "--ballots", ballots, "--eligible", "10", "--quorum", "30"
    )
    assert (result["quorum_reached"], result["binding"]) == (True, True)


@pytest.mark.parametrize(
    ("csv_text", "extra", "message"),
    [
        ("choice\noui\noui\n", ["--eligible", "1"], "more_voters_than_eligible"),
        ("vote\noui\n", ["--eligible", "1"], "missing column(s): choice"),
        ("choice\nmaybe\n", ["--eligible", "5", "--choices", "oui,non"], "unknown_choice"),
        ("choice\n\n", ["--eligible", "5"], "no ballot names a choice"),
        ("choice\noui\n", ["--eligible", "-3"], "must not be negative"),
        ("choice\noui\n", ["--eligible", "1", "--quorum", "lots"], "not a number"),
        ("choice\noui\n", ["--eligible", "1", "--mode", "plebiscite"], "invalid choice"),
    ],
)
def test_votation_bad_input_is_one_line_on_stderr_and_status_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    csv_text: str,
    extra: list[str],
    message: str,
) -> None:
    ballots = write(tmp_path, "b.csv", csv_text)
    try:
        code = main(["votation", "--ballots", ballots, *extra])
    except SystemExit as exit_:  # argparse errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_a_missing_ballot_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "votation", "--ballots", "/nonexistent/b.csv", "--eligible", "1")
    assert code == 2
    assert "cannot read /nonexistent/b.csv" in err


# --- thresholds --------------------------------------------------------------------


def test_thresholds_prints_every_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, result, _ = run(
        capsys,
        "thresholds",
        "--population",
        "26001",
        "--collected",
        "2000",
        "--counted",
        "1301",
        "--figures-date",
        "2026-01-01",
        "--source",
        "INSEE",
    )
    assert code == 0
    debate, referendum = result["statuses"]
    assert (debate["name"], debate["required"], debate["reached"]) == ("council_debate", 1301, True)
    assert (debate["base_source"], debate["base_date"]) == ("INSEE", "2026-01-01")
    assert (referendum["required"], referendum["remaining"]) == (2601, 1300)
    assert referendum["progress"] == "1301/2601"
    assert result["reached"] == ["council_debate"]


def test_thresholds_for_a_recall_counts_electors(capsys: pytest.CaptureFixture[str]) -> None:
    _, result, _ = run(
        capsys,
        "thresholds",
        "--electorate",
        "17000",
        "--collected",
        "3000",
        "--counted",
        "2500",
        "--counted-electors",
        "1700",
        "--kind",
        "recall",
    )
    recall, legal = result["statuses"]
    assert (recall["counted"], recall["required"], recall["reached"]) == (1700, 1700, True)
    assert (legal["name"], legal["counted"], legal["reached"]) == ("legal_request", 0, False)


def test_thresholds_count_the_legal_requests_inside_a_petition(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, result, _ = run(
        capsys,
        "thresholds",
        *("--population", "26000", "--electorate", "17000", "--collected", "3000"),
        *("--counted", "2500", "--counted-electors", "1800", "--counted-legal", "1700"),
    )
    legal = next(s for s in result["statuses"] if s["name"] == "legal_request")
    assert (legal["counted"], legal["required"], legal["reached"]) == (1700, 1700, True)


def test_thresholds_under_cgct_rules(capsys: pytest.CaptureFixture[str]) -> None:
    _, result, _ = run(
        capsys,
        "thresholds",
        "--rules",
        "cgct",
        "--electorate",
        "17000",
        "--collected",
        "1699",
        "--counted",
        "1699",
    )
    assert result["statuses"][0]["name"] == "council_agenda"
    assert result["statuses"][0]["remaining"] == 1


def test_thresholds_reads_a_stored_rule_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = write(tmp_path, "rules.json", json.dumps(rule_set_to_dict(CGCT)))
    _, result, _ = run(
        capsys,
        "thresholds",
        "--rules-file",
        rules,
        "--electorate",
        "100",
        "--collected",
        "10",
        "--counted",
        "10",
    )
    assert result["reached"] == ["council_agenda"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--collected", "5", "--counted", "1"], "base_figure_missing: population"),
        (["--population", "0", "--collected", "5", "--counted", "1"], "base_figure_not_positive"),
        (["--population", "10", "--collected", "5", "--counted", "6"], "counts_inconsistent"),
        (["--population", "10", "--collected", "5", "--counted", "1", "--kind", "x"], "unknown"),
        (
            ["--electorate", "10", "--collected", "5", "--counted", "1", "--kind", "recall"],
            "electors",
        ),
    ],
)
def test_thresholds_bad_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, "thresholds", *argv)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1


# --- questions ----------------------------------------------------------------------


def test_questions_selects_the_best_supported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "\n".join(f"{i},{i % 4},2026-05-01T09:{i:02d}:00" for i in range(1, 13))
    questions = write(tmp_path, "q.csv", "id,support,submitted_at\n" + rows + "\n")
    code, result, _ = run(capsys, "questions", "--questions", questions, "--budget-minutes", "9")
    assert code == 0
    assert [q["question_id"] for q in result["oral"]] == [3, 7, 11]
    assert result["oral"][1]["starts_after"] == "3"
    assert result["time_used"] == "9"
    assert len(result["written"]) == 9


def test_questions_with_a_bad_date_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = write(tmp_path, "q.csv", "id,support,submitted_at\n1,2,2026-05-01\n2,3,hier\n")
    code, _, err = run(capsys, "questions", "--questions", questions)
    assert code == 2
    assert "line 3" in err


# --- as a program ---------------------------------------------------------------------


def test_python_dash_m_civic_core_runs_without_a_traceback(tmp_path: Path) -> None:
    ballots = write(tmp_path, "b.csv", "choice\na\n")
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "civic.core", "votation", "--ballots", ballots, "--eligible", "x"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


# --- purity ------------------------------------------------------------------------------

CORE = Path(__file__).resolve().parents[3] / "civic" / "core"
MINE = ["thresholds", "votation", "council_vote", "question_time", "identity", "__main__"]


@pytest.mark.parametrize("module", MINE)
def test_tallying_modules_import_only_the_standard_library_and_the_core(module: str) -> None:
    tree = ast.parse((CORE / f"{module}.py").read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    foreign = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names
        and not name.startswith("civic.core")
        and name != "__future__"
    }
    assert foreign == set()
