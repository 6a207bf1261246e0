"""Words shown for the coded values of question time (one place for templates and forms)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from civic.models.questions import (
    ANSWER_ORAL,
    ANSWER_WRITTEN,
    QUESTION_ADMITTED,
    QUESTION_REJECTED,
    QUESTION_SUBMITTED,
    QUESTION_WITHDRAWN,
    REJECT_DEFAMATORY,
    REJECT_DUPLICATE,
    REJECT_OTHER,
    REJECT_OUTSIDE_COMPETENCE,
    REJECT_PERSONAL_CASE,
)

REJECTION_LABELS = {
    REJECT_OUTSIDE_COMPETENCE: _l("Hors des compétences de la commune"),
    REJECT_DEFAMATORY: _l("Propos diffamatoires ou injurieux"),
    REJECT_PERSONAL_CASE: _l("Situation personnelle (à traiter avec les services)"),
    REJECT_DUPLICATE: _l("Doublon d'une question déjà admise"),
    REJECT_OTHER: _l("Autre motif"),
}
STATUS_LABELS = {
    QUESTION_SUBMITTED: _l("En attente d'examen"),
    QUESTION_ADMITTED: _l("Admise"),
    QUESTION_REJECTED: _l("Non admise"),
    QUESTION_WITHDRAWN: _l("Retirée"),
}
ANSWER_LABELS = {
    ANSWER_ORAL: _l("Réponse orale (résumé)"),
    ANSWER_WRITTEN: _l("Réponse écrite"),
}
