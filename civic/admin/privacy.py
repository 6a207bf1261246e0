"""Staff work and the audit log (GDPR art. 30; civic.privacy): what the commune keeps
of its agents' and councillors' decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from civic.privacy import Processing, Retention

PROCESSINGS = (
    Processing(
        key="staff",
        name=_l("Comptes des agents et élus, journal d'audit"),
        purpose=_l(
            "Donner à chaque agent et élu les droits de son rôle, et garder une trace "
            "infalsifiable de chacune de leurs décisions (vérifications, modérations, "
            "saisies papier, chiffres de la commune, votations, tirages)."
        ),
        legal_basis=_l(
            "Obligation de sécurité du responsable de traitement (RGPD art. 32) et mission "
            "d'intérêt public (art. 6.1.e)."
        ),
        data=(
            _l("identifiant du compte et rôle de la personne qui décide"),
            _l("décision, date, objet, et raison saisie"),
            _l(
                "second facteur de connexion des agents : secret de l'application, codes de "
                "secours (seule leur empreinte est gardée)"
            ),
            _l(
                "membres du bureau de vote détenant une part de la clé de déchiffrement d'une "
                "votation en ligne, et leurs parts publiques"
            ),
        ),
        people=(_l("agents et élus"), _l("personnes concernées par une décision")),
        recipients=(
            _l("agents et administrateurs de la commune"),
            _l("le public : les décisions publiques, sans nom"),
        ),
        retention=(
            Retention(
                key="audit_log",
                what=_l("Journal d'audit"),
                starts=_l("tant que la commune utilise le service"),
                then=_l(
                    "conservé en entier : chaque entrée porte l'empreinte de la "
                    "précédente, effacer un champ briserait la preuve. Les personnes y "
                    "sont désignées par un numéro de compte ; une raison saisie par un "
                    "agent peut en dire davantage."
                ),
            ),
            Retention(
                key="second_factors",
                what=_l("Second facteur des agents"),
                starts=_l("tant que la personne a un rôle"),
                then=_l("supprimé avec son compte"),
            ),
            Retention(
                key="trustees",
                what=_l("Membres du bureau détenteurs de la clé et leurs parts publiques"),
                starts=_l("avec la votation"),
                then=_l("conservés : chacun peut ainsi vérifier le dépouillement"),
            ),
        ),
        tables=(
            "audit_entries",
            "user_roles",
            "commune_figures",
            "neighbourhood_figures",
            "budgets",
            "meetings",
            "council_draws",
            "votations",
            "votation_approvals",
            "votation_deliberations",
            "council_decisions",
            "second_factors",
            "recovery_codes",
            "votation_elections",
            "votation_trustees",
            "paper_ballot_batches",
        ),
        pages=("admin.staff", "admin.audit_log"),
    ),
)
