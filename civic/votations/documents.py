"""A votation's documents (docs/rules.md §4, §9), issued through the shared documents
service (``civic.documents``) and listed on its page and in ``/api/v1/votations/<id>``:

- the notice of the votation (avis de votation), when it is scheduled;
- for a vote of the law, the model of a polling station's report (procès-verbal);
- the proclamation of the results and the draft of the council's deliberation on
  them (the decision a clerk then records, ``civic.votations.council``), when they are
  published.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from civic.documents import services as documents
from civic.models import Document, Votation
from civic.votations.council import MATTER
from civic.votations.legal import deliberation_of
from civic.votations.track import designation, legal_vote
from civic.votations.voting import choices_of

SUBJECT_TYPE = "votation"


def _context(votation: Votation) -> dict[str, Any]:
    kind = legal_vote(votation)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # the document's language
        name = designation(votation)
    return {
        "votation": votation,
        "designation": name,
        "legal": str(kind) if kind is not None else None,
        "deliberation": deliberation_of(votation.id),
    }


def issue_on_scheduling(votation: Votation, now: datetime) -> None:
    """The notice and, for a vote of the law, the stations' report model; does not commit."""
    context = _context(votation)
    documents.generate(
        subject_type=SUBJECT_TYPE,
        subject_id=votation.id,
        kind="votation_notice",
        title=_l("Avis de votation : %(title)s", title=votation.title),
        now=now,
        **context,
    )
    if context["legal"] is not None:
        documents.generate(
            subject_type=SUBJECT_TYPE,
            subject_id=votation.id,
            kind="station_report_template",
            title=_l("Procès-verbal des opérations de vote (modèle)"),
            now=now,
            choices={question.id: choices_of(question) for question in votation.questions},
            **context,
        )


def issue_on_publication(votation: Votation, now: datetime) -> None:
    """The proclamation of the published results and the draft of the council's
    deliberation on them, with the same figures (docs/rules.md §9); does not commit."""
    from civic.votations.results import published_results
    from civic.votations.stations import station_lines

    context = {**_context(votation), "results": published_results(votation)}
    documents.generate(
        subject_type=SUBJECT_TYPE,
        subject_id=votation.id,
        kind="proclamation",
        title=_l("Proclamation des résultats : %(title)s", title=votation.title),
        now=now,
        stations=station_lines(votation),
        **context,
    )
    documents.generate(
        subject_type=SUBJECT_TYPE,
        subject_id=votation.id,
        kind="draft_deliberation",
        matter=MATTER,
        title=_l("Projet de délibération : %(title)s", title=votation.title),
        now=now,
        **context,
    )


def documents_of(votation_id: int) -> list[Document]:
    return documents.documents_of(SUBJECT_TYPE, votation_id)


def documents_as_open_data(votation_id: int) -> list[dict[str, str]]:
    return documents.as_open_data(documents_of(votation_id))
