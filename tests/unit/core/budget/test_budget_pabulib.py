"""The pabulib .pb reader and writer."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings

from civic.core.budget.model import BallotGroup, Election
from civic.core.budget.pabulib import (
    PabulibError,
    format_pb,
    from_election,
    parse_pb,
    read_election,
    read_pb,
    to_election,
    write_pb,
)
from tests.unit.core.budget.budget_data import pb_files
from tests.unit.core.budget.budget_factories import elections

APPROVAL_PB = """META
key;value
description;Tiny
budget;100.0
vote_type;approval
PROJECTS
project_id;cost;votes;name
a;60;2;First
b;40,5;1;Second
c;30;0;Third
VOTES
voter_id;vote
1;a,b
2;b,a
3;a
"""


def test_approval_file_is_read_exactly_and_identical_ballots_are_grouped() -> None:
    election = to_election(parse_pb(APPROVAL_PB))
    assert election.budget == 100
    assert [(p.id, p.cost, p.name) for p in election.projects] == [
        ("a", 60, "First"),
        ("b", Fraction(81, 2), "Second"),
        ("c", 30, "Third"),
    ]
    assert election.ballots == (BallotGroup(("a",), 1), BallotGroup(("a", "b"), 2))
    assert election.num_voters == 3
    assert election.scores() == {"a": 3, "b": 2, "c": 0}


def test_cumulative_points_follow_their_projects() -> None:
    text = APPROVAL_PB.replace("approval", "cumulative").replace(
        "voter_id;vote\n1;a,b\n2;b,a\n3;a\n", "voter_id;vote;points\n1;a,b;2,1\n2;b,a;1,2\n3;b;3\n"
    )
    election = to_election(parse_pb(text))
    assert election.ballots == (
        BallotGroup(("a", "b"), 2, (Fraction(2), Fraction(1))),
        BallotGroup(("b",), 1, (Fraction(3),)),
    )
    assert election.scores() == {"a": 4, "b": 5, "c": 0}


def test_ordinal_ballots_keep_their_order() -> None:
    text = APPROVAL_PB.replace("approval", "ordinal")
    election = to_election(parse_pb(text))
    assert {b.projects for b in election.ballots} == {("a", "b"), ("b", "a"), ("a",)}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("VOTES\nvoter_id;vote\n1;a,b\n2;b,a\n3;a\n", ""), "missing section VOTES"),
        (("PROJECTS\n", "PROJECTZ\n"), "META line without a value"),
        (("budget;100.0\n", ""), "budget"),
        (("budget;100.0", "budget;lots"), "not a number"),
        (("vote_type;approval", "vote_type;quadratic"), "vote_type"),
        (("a;60;2;First", "a;sixty;2;First"), "not a number"),
        (("a;60;2;First", "a;-60;2;First"), "negative"),
        (("3;a\n", "3;z\n"), "unknown project"),
        (("3;a\n", "3;a;extra\n"), "fields"),
        (("c;30;0;Third\n", "c;30;0;Third\na;1;0;Again\n"), "twice"),
    ],
)
def test_malformed_files_raise_a_pabulib_error(change: tuple[str, str], message: str) -> None:
    with pytest.raises(PabulibError, match=message):
        to_election(parse_pb(APPROVAL_PB.replace(*change)))


def test_a_vote_naming_a_project_twice_counts_it_once_and_says_so() -> None:
    warnings: list[str] = []
    election = to_election(parse_pb(APPROVAL_PB.replace("3;a\n", "3;a,a\n")), warnings.append)
    assert election == to_election(parse_pb(APPROVAL_PB))
    assert election.scores()["a"] == 3
    assert warnings == ["1 vote names a project more than once (voter 3): counted once"]


def test_without_a_listener_a_repeated_project_is_still_read_once() -> None:
    election = to_election(parse_pb(APPROVAL_PB.replace("1;a,b\n", "1;a,b,a,b\n")))
    assert election.scores() == {"a": 3, "b": 2, "c": 0}


def test_many_repeating_votes_make_one_warning_naming_the_first_five() -> None:
    votes = "".join(f"{n};a,a\n" for n in range(1, 9))
    text = APPROVAL_PB.replace("1;a,b\n2;b,a\n3;a\n", votes)
    warnings: list[str] = []
    to_election(parse_pb(text), warnings.append)
    assert warnings == [
        "8 votes name a project more than once (voters 1, 2, 3, 4, 5 and 3 more): counted once"
    ]


def test_a_repeated_project_keeps_its_first_place_on_an_ordinal_ballot() -> None:
    text = APPROVAL_PB.replace("approval", "ordinal").replace("1;a,b\n", "1;b,a,b\n")
    election = to_election(parse_pb(text))
    assert ("b", "a") in {b.projects for b in election.ballots}


def test_a_repeated_project_with_the_same_points_counts_once() -> None:
    text = APPROVAL_PB.replace("approval", "cumulative").replace(
        "voter_id;vote\n1;a,b\n2;b,a\n3;a\n", "voter_id;vote;points\n1;a,a,b;2,2,1\n"
    )
    election = to_election(parse_pb(text))
    assert election.ballots == (BallotGroup(("a", "b"), 1, (Fraction(2), Fraction(1))),)


def test_a_repeated_project_with_different_points_is_refused_as_ambiguous() -> None:
    text = APPROVAL_PB.replace("approval", "cumulative").replace(
        "voter_id;vote\n1;a,b\n2;b,a\n3;a\n", "voter_id;vote;points\n1;a,b,a;2,1,3\n"
    )
    with pytest.raises(PabulibError, match="voter 1 gives project 'a' two different scores"):
        to_election(parse_pb(text))


REPEATING = {
    "Poland_Warszawa_2026_Srodmiescie_Poludniowe.pb": "voter 317731",
    "US_Stanford_Dataset_Your_Voice_Your_Choice_Parks_and_Streets-"
    "_Seattle_2019_District_3_vote_knapsacks.pb": "voter 119-429",
}


@pytest.mark.parametrize("path", pb_files(), ids=lambda p: p.name)
def test_real_files_are_read_with_a_warning_only_where_a_vote_repeats_a_project(
    path: Path,
) -> None:
    warnings: list[str] = []
    read_election(path, warnings.append)
    if path.name in REPEATING:
        assert warnings == [
            f"1 vote names a project more than once ({REPEATING[path.name]}): counted once"
        ]
    else:
        assert warnings == []


def test_cumulative_votes_need_as_many_points_as_projects() -> None:
    text = APPROVAL_PB.replace("approval", "cumulative").replace(
        "voter_id;vote\n1;a,b\n", "voter_id;vote;points\n1;a,b;2\n"
    )
    with pytest.raises(PabulibError, match="points"):
        to_election(parse_pb(text.replace("2;b,a\n3;a\n", "")))


def test_unreadable_file_is_a_pabulib_error(tmp_path: Path) -> None:
    with pytest.raises(PabulibError, match="cannot read"):
        read_pb(tmp_path / "missing.pb")
    binary = tmp_path / "binary.pb"
    binary.write_bytes(b"\xff\xfe\x00META")
    with pytest.raises(PabulibError):
        read_election(binary)


def test_written_file_reads_back_identical(tmp_path: Path) -> None:
    pb = parse_pb(APPROVAL_PB)
    write_pb(pb, tmp_path / "out.pb")
    assert read_pb(tmp_path / "out.pb") == pb


@settings(max_examples=60, deadline=None)
@given(elections())
def test_an_election_written_as_pb_reads_back_as_the_same_election(election: Election) -> None:
    again = to_election(parse_pb(format_pb(from_election(election))))
    assert again.budget == election.budget
    assert again.projects == election.projects
    assert again.vote_type == election.vote_type
    assert again.ballots == election.ballots


@pytest.mark.parametrize("path", pb_files(), ids=lambda p: p.name)
def test_real_files_round_trip_read_write_read(path: Path) -> None:
    pb = read_pb(path)
    again = parse_pb(format_pb(pb))
    assert again == pb
    assert to_election(again) == to_election(pb)
