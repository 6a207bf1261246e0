"""The petitions area's processings of personal data (GDPR art. 30; civic.privacy):
carrying a petition, and signing it online or on paper."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from civic.charter import services as charter
from civic.electorate import local_day
from civic.petitions.anonymise import anonymise_due
from civic.privacy import Processing, Retention

SIGNATURES_SETTING = "PETITION_ANONYMISE_AFTER_MONTHS"


def _anonymise_signatures(now: datetime, before: datetime) -> int:
    # The petitions' own anonymisation (one transaction, history line and audit entry
    # per petition); its cutoff is the same setting's.
    months = int(current_app.config[SIGNATURES_SETTING])
    return sum(done.signatures for done in anonymise_due(now, months))


def _erase_charter_signatories(now: datetime, before: datetime) -> int:
    # A mandate not ended early ends at the general renewal after the signature.
    renewal = current_app.config["COUNCIL_GENERAL_RENEWAL"]
    first_day = date.fromisoformat(f"{renewal}-01") if renewal else None
    return charter.erase_ended_before(local_day(before), first_day)


PROCESSINGS = (
    Processing(
        key="petitions",
        name=_l("Pétitions : dépôt et portage"),
        purpose=_l(
            "Permettre à une habitante ou un habitant de déposer une pétition, de la "
            "présenter au conseil municipal et d'être tenu informé de sa suite."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) : charte de participation de la "
            "commune ; pétition des électeurs, CGCT L1112-16."
        ),
        data=(_l("nom de la personne qui porte la pétition"), _l("texte de la pétition")),
        people=(_l("personnes qui déposent une pétition"),),
        recipients=(
            _l(
                "le public (titre et texte ; nom de la porteuse ou du porteur si elle ou il "
                "l'a accepté, sinon les agents et élus seulement)"
            ),
            _l("agents et élus de la commune"),
        ),
        retention=(
            Retention(
                key="petitions",
                what=_l("Pétitions et nom de leur porteur"),
                starts=_l("publiées tant que le site existe"),
                then=_l("archives publiques de la commune"),
            ),
        ),
        tables=("petitions", "petition_events", "petition_answers"),
        pages=("petitions.new", "petitions.edit"),
    ),
    Processing(
        key="signatures",
        name=_l("Pétitions : signatures en ligne et sur papier"),
        purpose=_l(
            "Compter les signatures d'une pétition, garantir qu'une personne ne signe "
            "qu'une fois (en ligne ou sur papier), vérifier la résidence ou la qualité "
            "d'électeur, et pour la pétition légale la règle d'une signature par trimestre."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) ; CGCT L1112-16 pour la pétition "
            "légale. Donnée révélant une opinion politique (art. 9) : consentement "
            "explicite de la personne qui signe (art. 9.2.a)."
        ),
        data=(
            _l("compte de la personne qui signe, ou nom, prénoms et adresse d'une ligne papier"),
            _l("clé d'identité, quartier, date de la signature, canal"),
            _l("empreinte de l'adresse IP (lutte contre les abus)"),
            _l("vérification ou invalidation par un agent, et sa raison"),
        ),
        people=(_l("signataires"),),
        recipients=(
            _l("agents de la mairie habilités (jamais publiés : seuls les nombres le sont)"),
        ),
        retention=(
            Retention(
                key="signatures",
                what=_l("Signatures : noms, adresses, lien au compte, empreinte IP"),
                starts=_l("après la clôture ou le retrait de la pétition"),
                then=_l(
                    "effacés ; la clé d'identité et les nombres restent, pour recompter "
                    "et pour la règle d'une signature par personne"
                ),
                setting=SIGNATURES_SETTING,
                erase=_anonymise_signatures,
            ),
        ),
        tables=("signatures",),
        pages=("petitions.show", "petitions.paper_sheet", "petitions.invalidate"),
        sensitive=_l(
            "Signer une pétition révèle une opinion politique : les noms ne sont jamais "
            "publiés, seuls les agents habilités les voient, et ils sont effacés après le délai."
        ),
    ),
    Processing(
        key="charter_signatories",
        name=_l("Registre des élus signataires de la charte"),
        purpose=_l(
            "Publier la liste des élus qui ont signé la charte de participation : seuls "
            "eux peuvent faire l'objet d'une pétition révocatoire, engagement politique "
            "qu'ils ont pris en la signant."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) : charte de participation adoptée "
            "par le conseil municipal ; les élus y figurent en leur qualité d'élu."
        ),
        data=(_l("nom de l'élu, mandat, date de signature"),),
        people=(_l("élues et élus signataires de la charte"),),
        recipients=(_l("le public"),),
        retention=(
            Retention(
                key="charter_signatories",
                what=_l("Signataires de la charte : nom, mandat, dates"),
                starts=_l(
                    "après la fin du mandat (le jour que l'administrateur a enregistré, "
                    "sinon le renouvellement général du conseil municipal qui suit la "
                    "signature)"
                ),
                then=_l(
                    "retirés du registre. Publiés tant que dure le mandat, seule période où "
                    "une pétition de révocation peut les viser ; gardés un an de plus pour "
                    "qu'on puisse vérifier qu'une pétition déposée pendant le mandat visait "
                    "bien un signataire, le temps que la délibération du conseil qui y "
                    "répond devienne définitive (recours de deux mois). Une pétition de "
                    "révocation garde le nom et le mandat qu'elle visait"
                ),
                months=12,
                erase=_erase_charter_signatories,
            ),
        ),
        tables=("charter_signatories",),
        pages=("charter.signatories",),
    ),
)
