from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from civic.residents.identity import DECISION_MAX
from civic.residents.services import REFUSAL_REASON_MAX


class ResidenceDecisionForm(FlaskForm):
    decision = RadioField(
        _l("Décision"),
        choices=[("approve", _l("Résidence vérifiée")), ("refuse", _l("Refuser"))],
        validators=[InputRequired(message=_l("Choisissez une décision."))],
    )
    reason = TextAreaField(
        _l("Raison du refus (communiquée à la personne)"),
        validators=[Optional(), Length(max=REFUSAL_REASON_MAX)],
    )


class ElectoralListForm(FlaskForm):
    file = FileField(
        _l("Liste électorale (CSV)"),
        validators=[
            FileRequired(message=_l("Choisissez un fichier CSV.")),
            FileAllowed(["csv", "txt"], _l("Un fichier .csv est attendu.")),
        ],
        description=_l(
            "Colonnes : family_name, given_names, birth_date (AAAA-MM-JJ ou JJ/MM/AAAA), "
            "et eu_citizen (facultatif) pour la liste complémentaire."
        ),
    )


class CollisionDecisionForm(FlaskForm):
    decision = TextAreaField(
        _l("Votre décision"),
        validators=[
            InputRequired(message=_l("Écrivez ce que vous avez décidé.")),
            Length(max=DECISION_MAX),
        ],
        description=_l(
            "Une seule personne ou deux ? Ce que vous avez fait (compte refusé, signature "
            "invalidée…). Rien n'est supprimé automatiquement."
        ),
    )


class ProofForm(FlaskForm):
    file = FileField(
        _l("Justificatif de domicile (PDF, JPEG ou PNG, 5 Mo au plus)"),
        validators=[FileRequired(message=_l("Choisissez un fichier."))],
    )
