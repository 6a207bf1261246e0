"""What a notification can say, and the family each kind belongs to.

A person chooses mail on or off per family (a petition's news, a votation's…), and
a one-click unsubscribe turns one family off. The sentence is written when shown,
in the reader's language; ``%(title)s`` is the title of what it is about.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

RESIDENCE = "residence"
PETITIONS = "petitions"
VOTATIONS = "votations"
BUDGET = "budget"
COUNCILS = "councils"
QUESTIONS = "questions"

FAMILIES: dict[str, Any] = {
    RESIDENCE: _l("Vérification de ma résidence"),
    PETITIONS: _l("Pétitions que je porte ou que je suis"),
    VOTATIONS: _l("Votes que je suis (ouverture, dernier jour)"),
    BUDGET: _l("Budget participatif : mes propositions et les résultats"),
    COUNCILS: _l("Conseils de quartier : ma candidature et le tirage au sort"),
    QUESTIONS: _l("Mes questions pour la séance du conseil"),
}

# kind -> (family, sentence).
KINDS: dict[str, tuple[str, Any]] = {
    "residence_verified": (
        RESIDENCE,
        _l("Votre résidence à %(title)s a été vérifiée : vous pouvez maintenant participer."),
    ),
    "residence_refused": (
        RESIDENCE,
        _l("La vérification de votre résidence n'a pas abouti. Motif : « %(title)s »."),
    ),
    "petition_admitted": (
        PETITIONS,
        _l("Votre pétition « %(title)s » est ouverte à la signature."),
    ),
    "petition_rejected": (
        PETITIONS,
        _l("Votre pétition « %(title)s » n'a pas été jugée recevable."),
    ),
    "petition_threshold": (
        PETITIONS,
        _l("La pétition « %(title)s » a atteint un seuil : la commune doit y donner suite."),
    ),
    "petition_scheduled": (
        PETITIONS,
        _l("La pétition « %(title)s » est inscrite à l'ordre du jour du conseil municipal."),
    ),
    "petition_answered": (
        PETITIONS,
        _l("La pétition « %(title)s » a reçu une réponse."),
    ),
    "votation_opening": (VOTATIONS, _l("Le vote « %(title)s » est ouvert.")),
    "votation_last_day": (
        VOTATIONS,
        _l("C'est le dernier jour pour voter : « %(title)s »."),
    ),
    "budget_proposal_feasible": (
        BUDGET,
        _l("Votre proposition « %(title)s » a été jugée réalisable : elle sera soumise au vote."),
    ),
    "budget_proposal_unfeasible": (
        BUDGET,
        _l("Votre proposition « %(title)s » n'a pas été retenue pour le vote."),
    ),
    "budget_proposal_merged": (
        BUDGET,
        _l("Votre proposition « %(title)s » a été jointe à une proposition semblable."),
    ),
    "budget_results": (
        BUDGET,
        _l("Les résultats du budget participatif « %(title)s » sont publiés."),
    ),
    "council_application_eligible": (
        COUNCILS,
        _l("Votre candidature au conseil « %(title)s » a été acceptée."),
    ),
    "council_application_ineligible": (
        COUNCILS,
        _l("Votre candidature au conseil « %(title)s » n'a pas été retenue."),
    ),
    "council_drawn": (
        COUNCILS,
        _l("Vous avez été tiré·e au sort pour siéger au conseil « %(title)s »."),
    ),
    "council_not_drawn": (
        COUNCILS,
        _l("Le tirage au sort du conseil « %(title)s » a eu lieu ; vous n'avez pas été tiré·e."),
    ),
    "question_admitted": (QUESTIONS, _l("Votre question « %(title)s » a été admise.")),
    "question_rejected": (QUESTIONS, _l("Votre question « %(title)s » n'a pas été admise.")),
    "question_selected_oral": (
        QUESTIONS,
        _l("Votre question « %(title)s » sera posée oralement lors de la séance."),
    ),
    "question_selected_written": (
        QUESTIONS,
        _l("Votre question « %(title)s » recevra une réponse écrite publiée."),
    ),
    "question_answered": (QUESTIONS, _l("Votre question « %(title)s » a reçu une réponse.")),
}


def family_of(kind: str) -> str | None:
    entry = KINDS.get(kind)
    return entry[0] if entry else None


def sentence(kind: str, title: str) -> str:
    """The notification in the current language (its title alone for an unknown kind)."""
    entry = KINDS.get(kind)
    if entry is None:
        return title
    return str(entry[1]) % {"title": title}
