"""The commands that take an id refuse one no database can hold with a usage message,
as the web routes answer 404, instead of a traceback from the database driver."""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.mark.parametrize("command", [["votations", "recount"], ["budget", "export"]])
@pytest.mark.parametrize("value", [str(2**31), str(2**63), str(10**30), "0"])
def test_a_command_given_an_id_out_of_range_says_so_without_a_traceback(
    app: Flask, command: list[str], value: str
) -> None:
    result = app.test_cli_runner().invoke(args=["civic", *command, value])
    assert result.exit_code == 2  # click's usage error
    assert "is not in the range" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
