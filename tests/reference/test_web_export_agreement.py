"""Ballots cast through the web and exported as a .pb file: the core's CLI and pabutools,
the reference implementation, name the same winners for every rule."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import People
from tests.reference.pabutools_rules import load, reference
from tests.web.test_budget_agreement import RULES, core_cli, vote_through_the_web_and_export


def test_web_ballots_give_the_same_winners_in_the_core_cli_and_pabutools(
    app: Flask, client: FlaskClient, people: People, runner: object, tmp_path: Path
) -> None:
    pb, published = vote_through_the_web_and_export(app, client, people, runner, tmp_path)
    instance, profile = load(pb)
    assert profile.num_ballots() == 36
    for rule in RULES:
        assert set(core_cli(pb, rule)) == reference(instance, profile, rule), rule
    assert published["winners"] == core_cli(pb, "mes")
