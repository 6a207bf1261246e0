"""The published re-check command (docs/rules.md §5: anyone re-running it gets the same panel)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from civic.core.sortition.__main__ import main

POOL = "id,Gender,age,email\n" + "".join(
    f"p{i:02d},{('female', 'Male', 'non-binary')[i % 3]},{('young', 'old')[i // 15]},x\n"
    for i in range(30)
)
QUOTAS = """feature,value,min,max,min_flex,max_flex
gender,female,3,4,0,30
gender,male,3,4,0,30
gender,non-binary,0,2,0,30
age,young,4,4,0,30
age,old,4,4,0,30
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "pool.csv").write_text(POOL, encoding="utf-8")
    (tmp_path / "quotas.csv").write_text(QUOTAS, encoding="utf-8")
    (tmp_path / "panels.csv").write_text("panel,id\n1,p01\n1,p02\n2,p03\n2,p04\n", "utf-8")
    return {name: str(tmp_path / f"{name}.csv") for name in ("pool", "quotas", "panels")}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def draw_args(files: dict[str, str], *extra: str) -> list[str]:
    return ["--pool", files["pool"], "--quotas", files["quotas"], *extra]


def test_a_draw_prints_digest_panel_in_draw_order_and_reserve(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        draw_args(files, "--seats", "8", "--seed", "3 1 4", "--reserve", "3"), capsys
    )
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert list(result) == ["digest", "selected", "reserve"]
    assert len(result["digest"]) == 64
    assert len(result["selected"]) == 8
    assert len(result["reserve"]) == 3


def test_re_running_the_command_gives_the_same_output(files: dict[str, str]) -> None:
    command = [sys.executable, "-m", "civic.core.sortition", *draw_args(files)]
    command += ["--seats", "8", "--seed", "42", "--reserve", "2"]
    first = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    second = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["selected"]


def test_pick_re_checks_a_fair_draw(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["pick", "--panels", files["panels"], "--seed", "12"], capsys)
    result = json.loads(out)
    assert status == 0
    assert list(result) == ["digest", "panel_number", "selected"]
    assert result["selected"] == [["p01", "p02"], ["p03", "p04"]][result["panel_number"] - 1]


def test_pick_with_a_reserve_prints_the_reserve_drawn_around_the_panel_picked(
    files: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    panels = tmp_path / "valid-panels.csv"
    panels.write_text(
        "panel,id\n" + "".join(f"1,p{i:02d}\n" for i in (0, 1, 3, 4, 15, 16, 17, 19)), "utf-8"
    )
    args = ["pick", "--panels", str(panels), *draw_args(files, "--reserve", "3", "--seed", "7")]
    status, out, err = run(args, capsys)
    result = json.loads(out)
    assert (status, err) == (0, "")
    assert list(result) == ["digest", "panel_number", "selected", "reserve"]
    assert len(result["reserve"]) == 3 and not set(result["reserve"]) & set(result["selected"])
    assert run(args, capsys)[1] == out


def test_pick_refuses_a_reserve_without_the_pool(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["pick", "--panels", files["panels"], "--reserve", "2", "--seed", "7"]
    status, _out, err = run(args, capsys)
    assert status == 2
    assert "--reserve needs --pool and --quotas" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--seats", "8", "--seed", "1", "--pool", "/nonexistent.csv"], "cannot read pool file"),
        (["--seats", "40", "--seed", "1"], "40 seats but the pool has only 30 candidates"),
        (["--seats", "20", "--seed", "1"], "age: sum of maxima 8 is below 20 seats"),
        (["--seats", "eight", "--seed", "1"], "invalid int value"),
        (["--seed", "1"], "--seats"),
    ],
)
def test_bad_input_gives_one_line_on_stderr_and_status_2(
    files: dict[str, str], capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    status, out, err = run(draw_args(files, *extra), capsys)
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("quotas", "feature,value,min\ngender,female,1\n", "no 'max' column"),
        ("quotas", "feature,value,min,max\ngender,female,1,x\n", "'x' is not a whole number"),
        ("pool", "name,gender,age\nA,female,young\n", "no 'id' / 'nationbuilder_id' column"),
        ("pool", "id,gender,age\np1,robot,young\n", "gender 'robot' has no quota row"),
        ("pool", "id,age\np1,young\n", "no 'gender' column"),
    ],
)
def test_bad_columns_are_named(
    files: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    text: str,
    message: str,
) -> None:
    Path(files[name]).write_text(text, encoding="utf-8")
    status, _, err = run(draw_args(files, "--seats", "1", "--seed", "1"), capsys)
    assert status == 2
    assert message in err


def test_values_match_the_quotas_ignoring_case_and_semicolons_are_read(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(draw_args(files, "--seats", "8", "--seed", "s"), capsys)
    Path(files["pool"]).write_text(POOL.replace(",", ";").lower(), encoding="utf-8")
    _, again, _ = run(draw_args(files, "--seats", "8", "--seed", "s"), capsys)
    assert json.loads(again) == json.loads(out)
