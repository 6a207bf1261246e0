"""Participatory-budget elections as plain values: projects, grouped ballots, outcomes.

Design §6: the envelope is split among projects by a tallying rule; this module only
describes the election, it decides nothing. Money and scores are exact
(``fractions.Fraction``) so that every comparison a rule makes is exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

#: Vote types of the pabulib format. Only approval-like and cumulative ballots are tallied.
APPROVAL = "approval"
CHOOSE_1 = "choose-1"
CUMULATIVE = "cumulative"
ORDINAL = "ordinal"
SCORING = "scoring"
VOTE_TYPES = frozenset({APPROVAL, CHOOSE_1, CUMULATIVE, ORDINAL, SCORING})
#: Choose-1 ballots are approval ballots of length one, so the approval rules apply.
APPROVAL_LIKE = frozenset({APPROVAL, CHOOSE_1})
TALLIED_VOTE_TYPES = frozenset({APPROVAL, CHOOSE_1, CUMULATIVE})


class BudgetError(ValueError):
    """An election the rules cannot tally (e.g. an ordinal profile, an unknown rule)."""


@dataclass(frozen=True)
class Project:
    """A project on the ballot; ``id`` is what ties are broken on (as a string)."""

    id: str
    cost: Fraction
    name: str = ""


@dataclass(frozen=True)
class BallotGroup:
    """Identical ballots cast by ``weight`` voters.

    ``projects`` lists the project ids in ballot order (sorted by id for unordered vote
    types, so that equal ballots group together); ``points`` is parallel to it for
    cumulative/scoring ballots and ``None`` otherwise.
    """

    projects: tuple[str, ...]
    weight: int = 1
    points: tuple[Fraction, ...] | None = None

    def scores(self) -> dict[str, Fraction]:
        """Score given by one voter of the group: approval counts 1, cumulative its points."""
        if self.points is None:
            return {p: Fraction(1) for p in self.projects}
        return dict(zip(self.projects, self.points, strict=True))


@dataclass(frozen=True)
class Election:
    """An instance (budget, projects) with its profile of grouped ballots."""

    budget: Fraction
    projects: tuple[Project, ...]
    vote_type: str
    ballots: tuple[BallotGroup, ...]
    meta: Mapping[str, str] = field(default_factory=dict)

    @property
    def num_voters(self) -> int:
        return sum(b.weight for b in self.ballots)

    def project(self, project_id: str) -> Project:
        for p in self.projects:
            if p.id == project_id:
                return p
        raise KeyError(project_id)

    def scores(self) -> dict[str, Fraction]:
        """Total score of every project: approvals, or points for cumulative ballots."""
        counts = dict.fromkeys((p.id for p in self.projects), 0)  # integers count fast
        points = {p.id: Fraction(0) for p in self.projects}
        for ballot in self.ballots:
            if ballot.points is None:
                for pid in ballot.projects:
                    counts[pid] += ballot.weight
            else:
                for pid, s in zip(ballot.projects, ballot.points, strict=True):
                    points[pid] += s * ballot.weight
        return {pid: points[pid] + counts[pid] for pid in counts}

    def supporters(self) -> dict[str, int]:
        """Number of voters giving each project a positive score."""
        count = dict.fromkeys((p.id for p in self.projects), 0)
        for ballot in self.ballots:
            for k, pid in enumerate(ballot.projects):
                if ballot.points is None or ballot.points[k] > 0:
                    count[pid] += ballot.weight
        return count

    def total_cost(self, project_ids: Iterable[str]) -> Fraction:
        cost = {p.id: p.cost for p in self.projects}
        return sum((cost[pid] for pid in project_ids), Fraction(0))


def group_ballots(
    vote_type: str,
    votes: Iterable[tuple[tuple[str, ...], tuple[Fraction, ...] | None]],
) -> tuple[BallotGroup, ...]:
    """Group identical ballots (order kept only where it means something: ordinal)."""
    counter: Counter[tuple[tuple[str, ...], tuple[Fraction, ...] | None]] = Counter()
    for projects, points in votes:
        if vote_type == ORDINAL or len(projects) < 2:
            key = (projects, points)
        elif points is None:
            key = (tuple(sorted(projects)), None)
        else:
            pairs = sorted(zip(projects, points, strict=True))
            key = (tuple(p for p, _ in pairs), tuple(s for _, s in pairs))
        counter[key] += 1
    return tuple(
        BallotGroup(projects=projects, weight=weight, points=points)
        for (projects, points), weight in sorted(counter.items(), key=_group_order)
    )


def _group_order(
    item: tuple[tuple[tuple[str, ...], tuple[Fraction, ...] | None], int],
) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
    (projects, points), _ = item
    return projects, points or ()


# --- outcomes -------------------------------------------------------------------------

#: Explanation codes (the web layer turns them into sentences).
SELECTED = "selected"  # greedy: bought; numbers: score, remaining after
DID_NOT_FIT = "did_not_fit"  # greedy: cost > money left; numbers: score, remaining
NOT_REACHED = "not_reached"  # greedy-no-skip: ranking stopped at an earlier project
BELOW_THRESHOLD = "below_threshold"  # score under the minimum score
NO_VOTES = "no_votes"  # nobody supported it: never funded
FREE = "free"  # supported and costs nothing: funded first
NO_UTILITY = "no_utility"  # MES, cost utilities: free, so worth 0 to supporters (pabutools)
BOUGHT_BY_SUPPORTERS = "bought_by_supporters"  # MES: rho, each supporter's share
UNAFFORDABLE = "unaffordable"  # MES: supporters' money left < cost
COMPLETED = "completed"  # chosen by the greedy completion after MES
INELIGIBLE = "ineligible"  # excluded by an eligibility filter


@dataclass(frozen=True)
class Explanation:
    """Why one project won or lost, as a code and the numbers behind it.

    - ``score``: its approvals (or points);
    - ``budget_left``: greedy (and MES completion): money left in the envelope after it
      was bought, or when it did not fit;
    - ``threshold``: the minimum score it missed;
    - ``round``/``rho``/``share``/``paid_all``: MES: the round it was bought in, its price
      per unit of utility, what one supporter paid per approval (or per point) when not
      short of money, and how many supporters paid everything they had left;
    - ``supporters_money``: MES loser: what its supporters had left when it dropped out
      (it would have had to cost at most that); ``best_rho``: its price with untouched
      budgets, cost / supporters' total utility (the lowest it could ever be; compare
      with the ``rho`` of the winners).
    """

    project_id: str
    code: str
    score: Fraction = Fraction(0)
    budget_left: Fraction | None = None
    threshold: Fraction | None = None
    round: int | None = None
    rho: Fraction | None = None
    share: Fraction | None = None
    paid_all: int = 0
    supporters_money: Fraction | None = None
    best_rho: Fraction | None = None


@dataclass(frozen=True)
class Outcome:
    """The funded projects, the rule that chose them, its parameters and the reasons."""

    rule: str
    selected: tuple[str, ...]
    cost: Fraction
    parameters: Mapping[str, str] = field(default_factory=dict)
    explanations: tuple[Explanation, ...] = ()

    def explanation(self, project_id: str) -> Explanation:
        for e in self.explanations:
            if e.project_id == project_id:
                return e
        raise KeyError(project_id)
