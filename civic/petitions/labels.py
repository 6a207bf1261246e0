"""Words shown for the codes petitions store (thresholds, states, history lines)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "draft": _l("Brouillon"),
    "submitted": _l("En examen de recevabilité"),
    "open": _l("Ouverte à la signature"),
    "closed": _l("Clôturée"),
    "rejected": _l("Irrecevable"),
    "withdrawn": _l("Retirée par son porteur"),
}
THRESHOLD_LABELS = {
    "council_debate": _l("Débat au conseil municipal"),
    "referendum": _l("Votation citoyenne"),
    "recall": _l("Vote de révocation"),
    "council_agenda": _l("Inscription à l'ordre du jour du conseil"),
    "legal_request": _l("Demande légale des électeurs (CGCT L1112-16)"),
}
# What reaching a threshold obliges the council to do (docs/rules.md §3).
CONSEQUENCE_TEXTS = {
    "council_debate": _l(
        "Le porteur présente la pétition à la prochaine séance du conseil municipal "
        "(la séance est suspendue pour cet échange) et le conseil doit répondre publiquement."
    ),
    "referendum": _l(
        "Une votation citoyenne est organisée sur la question de la pétition ; le conseil "
        "s'engage à respecter le résultat si le quorum de participation est atteint."
    ),
    "recall_votation": _l(
        "Un vote de révocation de l'élu·e nommé·e est organisé ; seules les signatures "
        "d'électeurs inscrits comptent."
    ),
    "council_agenda": _l(
        "Le maire en informe le conseil municipal à sa prochaine séance, et le conseil "
        "décide d'organiser ou non la consultation demandée (CGCT L1112-16)."
    ),
    "legal_request": _l(
        "Quand un dixième des électeurs inscrits ont fait de leur signature leur demande "
        "légale, le maire en accuse réception et en informe le conseil municipal à sa "
        "prochaine séance ; le conseil décide d'y donner suite ou non (CGCT L1112-16). Une "
        "seule demande par électeur et par trimestre."
    ),
}
PROGRESS_LABELS = {
    "not_reached": _l("seuil non atteint"),
    "awaiting": _l("en attente"),
    "scheduled": _l("programmé"),
    "done": _l("fait"),
}
SIGNER_LABELS = {
    "residents": _l("habitant·es dont la résidence est vérifiée"),
    "electors": _l("électeurs inscrits"),
    "legal_requests": _l("électeurs inscrits qui en ont fait leur demande légale"),
}
EVENT_LABELS = {
    "submitted": _l("Envoyée en examen de recevabilité"),
    "admitted": _l("Déclarée recevable, ouverte à la signature"),
    "rejected": _l("Déclarée irrecevable"),
    "withdrawn": _l("Retirée par son porteur"),
    "closed": _l("Clôturée (date limite atteinte)"),
    "threshold_reached": _l("Seuil atteint"),
    "threshold_lost": _l("Seuil à nouveau non atteint"),
    "threshold_kept": _l("Seuil maintenu (conséquence déjà engagée)"),
    "scheduled": _l("Inscrite à l'ordre du jour d'une séance du conseil"),
    "awaiting_meeting": _l("En attente de la prochaine séance du conseil"),
    "votation_drafted": _l("Votation en préparation"),
    "awaiting_votation": _l("En attente de l'organisation de la votation"),
    "answered": _l("Réponse publiée"),
    "document_issued": _l("Document établi"),
    "council_decided": _l("Délibération du conseil municipal enregistrée"),
    "invalidated": _l("Signatures invalidées"),
    "recounted": _l("Signatures recomptées"),
    "anonymised": _l("Données personnelles des signataires effacées"),
}


def template_labels() -> dict[str, object]:
    return {
        "state_labels": STATE_LABELS,
        "threshold_labels": THRESHOLD_LABELS,
        "consequence_texts": CONSEQUENCE_TEXTS,
        "progress_labels": PROGRESS_LABELS,
        "signer_labels": SIGNER_LABELS,
        "event_labels": EVENT_LABELS,
    }
