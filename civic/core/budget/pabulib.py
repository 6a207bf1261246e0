"""Reader and writer for the pabulib ``.pb`` format (pabulib.org, Faliszewski et al. 2023).

A file has three ``;``-separated sections: META (``key;value``), PROJECTS (one row per
project, ``project_id`` and ``cost`` mandatory) and VOTES (one row per voter, ``vote`` a
comma-separated list of project ids, ``points`` parallel to it for cumulative/scoring
ballots). The raw file is kept as :class:`PbFile` so that read -> write -> read is exact;
:func:`to_election` turns it into an :class:`~civic.core.budget.model.Election`.

A voter who names the same project twice is read as naming it once (as pabutools, the
research reference, reads such a file: 22 of the 1,746 files of the public archive had
one in April 2026), and the reader says so through its ``warn`` callback; the same
project given two different scores is ambiguous, and refused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from civic.core.budget.model import (
    VOTE_TYPES,
    Election,
    Project,
    group_ballots,
)

SECTIONS = ("meta", "projects", "votes")
Row = tuple[str, ...]


class PabulibError(ValueError):
    """A malformed ``.pb`` file; the message names the line when there is one."""


@dataclass(frozen=True)
class PbFile:
    """A ``.pb`` file as written: META pairs, and header + rows for PROJECTS and VOTES."""

    meta: tuple[tuple[str, str], ...]
    project_header: Row
    project_rows: tuple[Row, ...]
    vote_header: Row
    vote_rows: tuple[Row, ...]


def parse_number(text: str, what: str) -> Fraction:
    """Exact value of a pabulib number; some files write ``400000.0`` or ``1,5``."""
    try:
        return Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise PabulibError(f"{what}: not a number: {text!r}") from None


def parse_pb(text: str) -> PbFile:
    """Split a ``.pb`` text into its sections (no interpretation of values yet)."""
    meta: list[tuple[str, str]] = []
    headers: dict[str, Row] = {}
    rows: dict[str, list[Row]] = {"projects": [], "votes": []}
    section = ""
    expect_header = False
    for lineno, raw in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        row = tuple(cell.strip() for cell in raw)
        if not row or (len(row) == 1 and not row[0]):
            continue
        if row[0].lower() in SECTIONS:
            section = row[0].lower()
            if section in headers:
                raise PabulibError(f"line {lineno}: section {row[0]} appears twice")
            expect_header = True
            continue
        if not section:
            raise PabulibError(f"line {lineno}: data before the META section")
        if expect_header:
            headers[section] = row
            expect_header = False
        elif section == "meta":
            if len(row) < 2:
                raise PabulibError(f"line {lineno}: META line without a value")
            meta.append((row[0], row[1]))
        else:
            if len(row) != len(headers[section]):
                raise PabulibError(
                    f"line {lineno}: {len(row)} fields, the {section.upper()} header has "
                    f"{len(headers[section])}"
                )
            rows[section].append(row)
    for name in SECTIONS:
        if name not in headers:
            raise PabulibError(f"missing section {name.upper()}")
    return PbFile(
        meta=tuple(meta),
        project_header=headers["projects"],
        project_rows=tuple(rows["projects"]),
        vote_header=headers["votes"],
        vote_rows=tuple(rows["votes"]),
    )


def read_pb(path: str | Path) -> PbFile:
    """Read a ``.pb`` file; a missing/undecodable file is a :class:`PabulibError` too."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise PabulibError(f"cannot read {path}: {error}") from None
    return parse_pb(text)


def format_pb(pb: PbFile) -> str:
    """The text of a ``.pb`` file (``\\n`` line ends, ``;`` separators)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(pb.meta)
    writer.writerow(["PROJECTS"])
    writer.writerow(pb.project_header)
    writer.writerows(pb.project_rows)
    writer.writerow(["VOTES"])
    writer.writerow(pb.vote_header)
    writer.writerows(pb.vote_rows)
    return out.getvalue()


def write_pb(pb: PbFile, path: str | Path) -> None:
    Path(path).write_text(format_pb(pb), encoding="utf-8")


def _column(header: Row, name: str, section: str) -> int:
    try:
        return header.index(name)
    except ValueError:
        raise PabulibError(f"{section} has no {name!r} column") from None


def _each_project_once(
    voter: str, ids: tuple[str, ...], points: tuple[Fraction, ...] | None
) -> tuple[tuple[str, ...], tuple[Fraction, ...] | None]:
    """A vote naming a project more than once, with each project once, where it first
    appears (pabutools keeps an ordinal ballot's first position too)."""
    first: dict[str, int] = {}
    for k, pid in enumerate(ids):
        if pid not in first:
            first[pid] = k
        elif points is not None and points[k] != points[first[pid]]:
            raise PabulibError(f"voter {voter} gives project {pid!r} two different scores")
    kept = sorted(first.values())
    once_points = None if points is None else tuple(points[k] for k in kept)
    return tuple(ids[k] for k in kept), once_points


def repeated_projects_warning(voters: list[str]) -> str:
    """One line for a file's votes that name a project more than once."""
    shown = ", ".join(voters[:5])
    more = f" and {len(voters) - 5} more" if len(voters) > 5 else ""
    one = len(voters) == 1
    return (
        f"{len(voters)} {'vote names' if one else 'votes name'} a project more than once "
        f"(voter{'' if one else 's'} {shown}{more}): counted once"
    )


def to_election(pb: PbFile, warn: Callable[[str], None] | None = None) -> Election:
    """Interpret a :class:`PbFile`: exact costs and budget, ballots grouped by content.

    ``warn`` receives one line about what was read leniently (votes naming a project
    more than once, counted once); malformed files raise :class:`PabulibError`."""
    meta = dict(pb.meta)
    if "budget" not in meta:
        raise PabulibError("META has no budget")
    budget = parse_number(meta["budget"], "META budget")
    vote_type = meta.get("vote_type", "")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"META vote_type {vote_type!r} is not one of {sorted(VOTE_TYPES)}")
    id_col = _column(pb.project_header, "project_id", "PROJECTS")
    cost_col = _column(pb.project_header, "cost", "PROJECTS")
    name_col = pb.project_header.index("name") if "name" in pb.project_header else None
    projects: list[Project] = []
    for row in pb.project_rows:
        pid = row[id_col]
        cost = parse_number(row[cost_col], f"project {pid} cost")
        if cost < 0:
            raise PabulibError(f"project {pid} has a negative cost")
        name = row[name_col] if name_col is not None else ""
        projects.append(Project(id=pid, cost=cost, name=name))
    known = {p.id for p in projects}
    if len(known) != len(projects):
        raise PabulibError("PROJECTS lists a project id twice")
    vote_col = _column(pb.vote_header, "vote", "VOTES")
    points_col = pb.vote_header.index("points") if "points" in pb.vote_header else None
    if vote_type in ("cumulative", "scoring") and points_col is None:
        raise PabulibError(f"{vote_type} VOTES need a points column")
    votes: list[tuple[tuple[str, ...], tuple[Fraction, ...] | None]] = []
    repeating: list[str] = []  # voters naming a project more than once
    for row in pb.vote_rows:
        cell = row[vote_col]
        if " " in cell:
            cell = cell.replace(" ", "")
        ids = tuple(filter(None, cell.split(",")))
        if not known.issuperset(ids):
            unknown = next(v for v in ids if v not in known)
            raise PabulibError(f"voter {row[0]} votes for unknown project {unknown!r}")
        points: tuple[Fraction, ...] | None = None
        if points_col is not None and vote_type in ("cumulative", "scoring"):
            cells = [c for c in row[points_col].split(",") if c.strip()]
            if len(cells) != len(ids):
                raise PabulibError(f"voter {row[0]}: {len(ids)} projects but {len(cells)} points")
            points = tuple(parse_number(c, f"voter {row[0]} points") for c in cells)
            if any(s < 0 for s in points):
                raise PabulibError(f"voter {row[0]} gives negative points")
        if len(set(ids)) != len(ids):
            ids, points = _each_project_once(row[0], ids, points)
            repeating.append(row[0])
        votes.append((ids, points))
    if repeating and warn is not None:
        warn(repeated_projects_warning(repeating))
    return Election(
        budget=budget,
        projects=tuple(projects),
        vote_type=vote_type,
        ballots=group_ballots(vote_type, votes),
        meta=meta,
    )


def read_election(path: str | Path, warn: Callable[[str], None] | None = None) -> Election:
    return to_election(read_pb(path), warn)


def _number_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(float(value)) if Fraction(float(value)) == value else str(value)


def from_election(election: Election) -> PbFile:
    """A ``.pb`` file for an election (voters numbered 1..n in group order)."""
    meta = dict(election.meta)
    meta.update(
        num_projects=str(len(election.projects)),
        num_votes=str(election.num_voters),
        budget=_number_text(election.budget),
        vote_type=election.vote_type,
    )
    with_points = any(b.points is not None for b in election.ballots)
    vote_rows: list[Row] = []
    for ballot in election.ballots:
        vote = ",".join(ballot.projects)
        for _ in range(ballot.weight):
            voter = str(len(vote_rows) + 1)
            if with_points:
                points = ",".join(_number_text(s) for s in ballot.points or ())
                vote_rows.append((voter, vote, points))
            else:
                vote_rows.append((voter, vote))
    return PbFile(
        meta=tuple(meta.items()),
        project_header=("project_id", "cost", "name"),
        project_rows=tuple((p.id, _number_text(p.cost), p.name) for p in election.projects),
        vote_header=("voter_id", "vote", "points") if with_points else ("voter_id", "vote"),
        vote_rows=tuple(vote_rows),
    )
