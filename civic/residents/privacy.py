"""The residents area's processings of personal data (GDPR art. 30; civic.privacy):
residence verification, the electoral list, possible duplicates of one person."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from civic.models import IdentityCollision, User
from civic.models.accounts import UNVERIFIED
from civic.privacy import Processing, Retention, rows_changed
from civic.privacy.accounts import close_accounts
from civic.residents.proofs import erase as erase_proofs


def _close_refused(now: datetime, before: datetime) -> int:
    return close_accounts(
        (User.verification == UNVERIFIED)
        & User.verification_refusal.is_not(None)
        & (User.verification_decided_at < before),
        now=now,
    )


def _erase_collision_decisions(now: datetime, before: datetime) -> int:
    # The clerk's free-text decision may name the people; the pair of ids stays.
    return rows_changed(
        update(IdentityCollision)
        .where(IdentityCollision.examined_at < before, IdentityCollision.decision.is_not(None))
        .values(decision=None)
    )


PROCESSINGS = (
    Processing(
        key="residence",
        name=_l("Vérification de la résidence et liste électorale"),
        purpose=_l(
            "Vérifier qu'une personne habite la commune et a l'âge requis, reconnaître les "
            "électrices et électeurs inscrits sur la liste électorale (et la liste "
            "complémentaire européenne), repérer qu'une même personne aurait deux comptes."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) ; liste électorale communiquée en "
            "application du Code électoral (L37)."
        ),
        data=(
            _l("nom, prénoms, date de naissance, adresse, quartier"),
            _l("décision de l'agent et raison d'un refus"),
            _l("clé d'identité des personnes de la liste électorale (aucun nom n'est gardé)"),
            _l("nationalité européenne (liste complémentaire)"),
            _l("justificatif de domicile envoyé par la personne (PDF, JPEG ou PNG)"),
        ),
        people=(_l("habitantes et habitants inscrits"), _l("électrices et électeurs")),
        recipients=(_l("agents de la mairie habilités"),),
        retention=(
            Retention(
                key="refused_residence",
                what=_l("Comptes dont la résidence a été refusée"),
                starts=_l("après le refus"),
                then=_l("fermés : nom, adresse, courriel, raison du refus effacés"),
                months=6,
                erase=_close_refused,
            ),
            Retention(
                key="collision_decisions",
                what=_l("Décisions écrites sur les doublons possibles"),
                starts=_l("après la décision"),
                then=_l("texte effacé, la décision elle-même reste au journal"),
                months=12,
                erase=_erase_collision_decisions,
            ),
            Retention(
                key="residence_proofs",
                what=_l("Justificatifs de domicile"),
                starts=_l("après l'envoi (supprimés dès la décision sur la résidence)"),
                then=_l("supprimés, fichier compris"),
                months=3,
                erase=erase_proofs,
            ),
            Retention(
                key="electoral_list",
                what=_l("Clés d'identité de la liste électorale"),
                starts=_l("jusqu'à l'import suivant de la liste"),
                then=_l("remplacées par celles de la nouvelle liste"),
            ),
        ),
        tables=(
            "users",
            "elector_records",
            "electoral_list_imports",
            "identity_collisions",
            "residence_proofs",
        ),
        pages=(
            "residents.queue",
            "residents.electoral_list",
            "residents.collisions",
            "residence_proof.send",
        ),
    ),
)
