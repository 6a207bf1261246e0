"""The counter's processings of personal data (GDPR art. 30; civic.privacy): what a
clerk saw when registering a person in person, and the consent given for each act a
clerk did for them."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from civic.models import CounterAct, CounterCheck
from civic.privacy import Processing, Retention, rows_changed


def _erase_checks(now: datetime, before: datetime) -> int:
    # The account stays verified (its decision, date and clerk are on the account and in
    # the audit log); only the list of documents seen goes.
    return rows_changed(delete(CounterCheck).where(CounterCheck.checked_at < before))


def _erase_consents(now: datetime, before: datetime) -> int:
    return rows_changed(delete(CounterAct).where(CounterAct.consented_at < before))


PROCESSINGS = (
    Processing(
        key="counter",
        name=_l("Guichet de la mairie : inscription sur place et actes faits avec accord"),
        purpose=_l(
            "Permettre à une personne sans ordinateur ou sans adresse électronique de "
            "s'inscrire en mairie et d'agir par l'intermédiaire d'un agent (signer une "
            "pétition, poser une question), en gardant la preuve de son accord pour chaque "
            "acte et en lui remettant un reçu."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) ; l'accord de la personne est "
            "recueilli pour chaque acte fait en son nom."
        ),
        data=(
            _l("nature des pièces vues (jamais de copie) : identité, justificatif de domicile"),
            _l("agent qui a vérifié, date"),
            _l("actes faits au guichet : nature, objet, date, agent"),
        ),
        people=(_l("personnes reçues au guichet"),),
        recipients=(_l("agents de la mairie habilités"), _l("la personne (son reçu)")),
        retention=(
            Retention(
                key="counter_checks",
                what=_l("Pièces vues lors d'une inscription au guichet"),
                starts=_l("après la vérification"),
                then=_l("effacées ; le compte reste vérifié et la décision reste au journal"),
                months=12,
                erase=_erase_checks,
            ),
            Retention(
                key="counter_consents",
                what=_l("Accords donnés au guichet et leurs reçus"),
                starts=_l("après l'acte"),
                then=_l("effacés ; l'acte lui-même reste au journal"),
                months=24,
                erase=_erase_consents,
            ),
        ),
        tables=("counter_checks", "counter_acts"),
        pages=("frontdesk.register", "frontdesk.person", "questions_counter.ask"),
    ),
)
