"""The participatory budget's processings of personal data (GDPR art. 30;
civic.privacy): proposals and ballots."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from civic.extensions import db
from civic.models import Budget, BudgetBallot, BudgetHeading, BudgetProposal
from civic.privacy import Processing, Retention, rows_changed


def _budgets_with_results_before(before: datetime) -> list[int]:
    return list(db.session.scalars(select(Budget.id).where(Budget.results_from < before)))


def _unlink_proposal_authors(now: datetime, before: datetime) -> int:
    return rows_changed(
        update(BudgetProposal)
        .where(
            BudgetProposal.budget_id.in_(_budgets_with_results_before(before)),
            BudgetProposal.author_id.is_not(None),
        )
        .values(author_id=None)
    )


def _unlink_ballot_voters(now: datetime, before: datetime) -> int:
    """The ballot stays (the result can be recomputed from it) with its identity key;
    the link to the voter's account goes."""
    headings = select(BudgetHeading.id).where(
        BudgetHeading.budget_id.in_(_budgets_with_results_before(before))
    )
    return rows_changed(
        update(BudgetBallot)
        .where(BudgetBallot.heading_id.in_(headings), BudgetBallot.voter_id.is_not(None))
        .values(voter_id=None)
    )


PROCESSINGS = (
    Processing(
        key="budget_proposals",
        name=_l("Budget participatif : propositions"),
        purpose=_l(
            "Recevoir les propositions de projets, les faire examiner par les services "
            "et en informer leur auteur."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) : délibération du conseil "
            "municipal créant le budget participatif."
        ),
        data=(_l("compte de la personne qui propose"), _l("texte, lieu et image du projet")),
        people=(_l("habitantes et habitants qui proposent un projet"),),
        recipients=(
            _l("le public (le projet, jamais le nom de son auteur)"),
            _l("agents de la mairie"),
        ),
        retention=(
            Retention(
                key="proposal_authors",
                what=_l("Lien entre une proposition et son auteur"),
                starts=_l("après la publication des résultats"),
                then=_l("effacé ; le projet reste public"),
                months=12,
                erase=_unlink_proposal_authors,
            ),
        ),
        tables=("budget_proposals",),
        pages=("budget.propose",),
    ),
    Processing(
        key="budget_ballots",
        name=_l("Budget participatif : votes"),
        purpose=_l(
            "Recueillir les bulletins en ligne et sur papier, garantir un bulletin par "
            "personne et par rubrique, calculer et publier les résultats."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e). Donnée pouvant révéler une "
            "opinion politique (art. 9) : consentement explicite de la personne qui vote "
            "(art. 9.2.a)."
        ),
        data=(
            _l("compte de la personne qui vote, clé d'identité"),
            _l("projets choisis"),
            _l("agent ayant saisi un bulletin papier"),
        ),
        people=(_l("votantes et votants"),),
        recipients=(
            _l("le public : bulletins anonymes (format pabulib), jamais le nom de personne"),
        ),
        retention=(
            Retention(
                key="ballot_voters",
                what=_l("Lien entre un bulletin et le compte qui l'a déposé"),
                starts=_l("après la publication des résultats"),
                then=_l("effacé ; le bulletin anonyme et la clé d'identité restent pour recompter"),
                months=6,
                erase=_unlink_ballot_voters,
            ),
        ),
        tables=("budget_ballots", "budget_choices"),
        pages=("budget.ballot", "budget_clerk.paper"),
        sensitive=_l(
            "Les choix d'un bulletin ne sont jamais publiés avec un nom ; le lien au compte "
            "est effacé après le délai."
        ),
    ),
)
