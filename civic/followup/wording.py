"""Text the follow-up layer stores (agenda titles, council motions, votation drafts,
the reason a consequence is withdrawn).

Stored text is read by everyone, whatever language the person whose act set it in
motion reads: it is written in the commune's language (``BABEL_DEFAULT_LOCALE``),
here and nowhere else in this layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from civic.models import BudgetProposal, Petition, Votation
from civic.models.meetings import KIND_PETITION_ANSWER, KIND_PETITION_PRESENTATION


@contextmanager
def commune_language() -> Iterator[None]:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def petition_agenda_title(kind: str, petition: Petition) -> str:
    with commune_language():
        if kind == KIND_PETITION_PRESENTATION:
            return _(
                "Présentation de la pétition « %(title)s » par son porteur", title=petition.title
            )
        if kind == KIND_PETITION_ANSWER:
            return _("Réponse du conseil à la pétition « %(title)s »", title=petition.title)
        return _(
            "Demande d'inscription à l'ordre du jour (CGCT L1112-16) : %(title)s",
            title=petition.title,
        )


def recall_question(petition: Petition) -> str:
    with commune_language():
        return _(
            "Approuvez-vous la révocation de %(official)s ?",
            official=petition.recall_official or "",
        )


def question_to_write() -> str:
    with commune_language():
        return _("Question à rédiger")


def signatures_withdrawn() -> str:
    """Why a threshold was lost when signers took their signatures back (stored in the
    petition's history and in the audit log of an agenda item taken off)."""
    with commune_language():
        return _("retrait de signatures")


def votation_result_title(votation: Votation) -> str:
    with commune_language():
        return _("Résultat de la votation : %(title)s", title=votation.title)


def council_vote_title(proposal: BudgetProposal) -> str:
    with commune_language():
        return _("Budget participatif : %(title)s", title=proposal.title)
