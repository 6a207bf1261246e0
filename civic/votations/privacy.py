"""Votations' processing of personal data (GDPR art. 30; civic.privacy).

The ballot box holds no personal data: nothing stored links a ballot to a person
(docs/secrecy.md). What is personal is the register of who voted."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from civic.privacy import Processing, Retention

PROCESSINGS = (
    Processing(
        key="votations",
        name=_l("Votations : liste d'émargement"),
        purpose=_l(
            "Vérifier qu'une personne peut voter, qu'elle ne vote qu'une fois en ligne ou "
            "au bureau de vote, et calculer la participation."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) : charte de participation, ou pour "
            "le référendum local et la consultation CGCT LO 1112-1 et suivants, L1112-15 "
            "et suivants. Le vote lui-même est secret et n'est jamais relié à la personne ; "
            "le fait d'avoir voté est couvert par l'art. 9.2.a (consentement explicite)."
        ),
        data=(
            _l("compte de la personne qui vote, date, canal (en ligne ou papier)"),
            _l("bureau de vote d'un émargement papier"),
        ),
        people=(_l("votantes et votants"),),
        recipients=(_l("agents de la mairie tenant le bureau de vote"),),
        retention=(
            Retention(
                key="voter_register",
                what=_l("Liste d'émargement"),
                starts=_l("tant que les résultats sont publiés"),
                then=_l(
                    "conservée : la participation publiée par quartier se calcule à partir d'elle"
                ),
            ),
        ),
        tables=("voter_register",),
        pages=("votations.show", "votations_clerk.paper"),
        sensitive=_l(
            "Les bulletins sont anonymes et séparés de la liste d'émargement, qui ne dit que "
            "qui a voté, jamais pour quoi."
        ),
    ),
)
