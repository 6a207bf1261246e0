"""Question time's processing of personal data (GDPR art. 30; civic.privacy)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import aliased

from civic.extensions import db
from civic.models import Meeting, Question
from civic.models.questions import QUESTION_WITHDRAWN
from civic.privacy import Processing, Retention


def _delete_withdrawn(now: datetime, before: datetime) -> int:
    """Questions their askers withdrew were never published: gone once their meeting
    is long past (unless another question points to one as its duplicate)."""
    duplicate = aliased(Question)
    ids = list(
        db.session.scalars(
            select(Question.id)
            .join(Meeting, Meeting.id == Question.meeting_id)
            .where(
                Question.status == QUESTION_WITHDRAWN,
                Meeting.starts_at < before,
                ~exists().where(duplicate.duplicate_of_id == Question.id),
            )
        )
    )
    if ids:
        db.session.execute(delete(Question).where(Question.id.in_(ids)))
    return len(ids)


PROCESSINGS = (
    Processing(
        key="questions",
        name=_l("Questions au conseil municipal"),
        purpose=_l(
            "Recevoir les questions des habitants pour le temps de questions de chaque "
            "séance du conseil municipal, les modérer, les classer selon leurs soutiens "
            "et y répondre publiquement."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) : règlement intérieur du conseil "
            "municipal (CGCT L2121-8) et charte de participation."
        ),
        data=(
            _l(
                "compte de la personne qui pose la question, et son nom si elle choisit de "
                "l'afficher"
            ),
            _l("texte de la question, soutiens donnés"),
            _l("décision de modération et sa raison"),
        ),
        people=(_l("habitantes et habitants qui posent ou soutiennent une question"),),
        recipients=(
            _l("le public (question admise, nom seulement si la personne l'a choisi)"),
            _l("agents et élus de la commune"),
        ),
        retention=(
            Retention(
                key="withdrawn_questions",
                what=_l("Questions retirées par leur auteur"),
                starts=_l("après la séance"),
                then=_l("supprimées"),
                months=12,
                erase=_delete_withdrawn,
            ),
            Retention(
                key="questions",
                what=_l("Questions publiées et leurs soutiens"),
                starts=_l("tant que le site publie la séance"),
                then=_l(
                    "conservés : le classement public de la séance se calcule à partir des soutiens"
                ),
            ),
        ),
        tables=("questions", "question_supports"),
        pages=("questions.new", "questions.edit", "questions.show", "meetings.show"),
    ),
)
