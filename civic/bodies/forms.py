from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from civic.bodies import lobby, lottery, lottery_seats, requests
from civic.bodies.services import MEMBER_NAME_MAX, NAME_MAX, SEATS_MAX, TEXT_MAX
from civic.bodies.sessions import OPINION_TITLE_MAX, VOTES_MAX
from civic.models.bodies import (
    ANSWER_COMMUNICATED,
    ANSWER_NOT_HELD,
    ANSWER_PARTLY,
    ANSWER_REFUSED,
    BODY_KINDS,
    DRAW_FAIR,
    DRAW_STRATIFIED,
    GIFT_ACCEPTED,
    GIFT_DECLINED,
    SEAT_CATEGORIES,
)

SEATS = [InputRequired(message=_l("Indiquez un nombre.")), NumberRange(min=0, max=SEATS_MAX)]
VOTES = [InputRequired(message=_l("Indiquez un nombre.")), NumberRange(min=0, max=VOTES_MAX)]


KIND_LABELS = {
    "ccspl": _l("Commission consultative des services publics locaux (CCSPL)"),
    "citizen_audit": _l("Mission d'audit citoyen"),
    "youth_council": _l("Conseil des jeunes"),
    "social_action": _l("Instance participative de l'action sociale (CCAS)"),
    "other": _l("Autre instance"),
}
CATEGORY_LABELS = {
    "majority": _l("Élus de la majorité"),
    "opposition": _l("Élus de l'opposition"),
    "drawn": _l("Habitants tirés au sort"),
    "volunteer": _l("Volontaires"),
    "association": _l("Associations"),
    "expert": _l("Personnes qualifiées"),
    "delegate": _l("Délégués d'autres instances"),
}


class BodyForm(FlaskForm):
    kind = SelectField(_l("Type d'instance"), choices=[(k, KIND_LABELS[k]) for k in BODY_KINDS])
    name = StringField(_l("Nom"), validators=[InputRequired(), Length(max=NAME_MAX)])
    purpose = TextAreaField(
        _l("Objet de l'instance"), validators=[InputRequired(), Length(max=TEXT_MAX)]
    )
    majority_seats = IntegerField(_l("Élus de la majorité"), validators=SEATS, default=0)
    opposition_seats = IntegerField(_l("Élus de l'opposition"), validators=SEATS, default=0)
    drawn_seats = IntegerField(_l("Habitants tirés au sort"), validators=SEATS, default=0)
    volunteer_seats = IntegerField(_l("Volontaires"), validators=SEATS, default=0)
    association_seats = IntegerField(_l("Associations"), validators=SEATS, default=0)
    expert_seats = IntegerField(_l("Personnes qualifiées"), validators=SEATS, default=0)
    delegate_seats = IntegerField(_l("Délégués d'autres instances"), validators=SEATS, default=0)
    term_start = DateField(_l("Début du mandat"), validators=[InputRequired()])
    term_end = DateField(_l("Fin du mandat"), validators=[InputRequired()])

    def seats(self) -> dict[str, int]:
        return {c: int(getattr(self, f"{c}_seats").data or 0) for c in SEAT_CATEGORIES}


class MemberForm(FlaskForm):
    category = SelectField(
        _l("Catégorie"), choices=[(c, CATEGORY_LABELS[c]) for c in SEAT_CATEGORIES]
    )
    name = StringField(
        _l("Nom du membre"), validators=[InputRequired(), Length(max=MEMBER_NAME_MAX)]
    )
    representing = StringField(
        _l("Représente (association, conseil, groupe…)"),
        validators=[Optional(), Length(max=NAME_MAX)],
    )
    since = DateField(_l("Membre depuis le"), validators=[InputRequired()])


class SessionForm(FlaskForm):
    title = StringField(_l("Intitulé"), validators=[InputRequired(), Length(max=NAME_MAX)])
    starts_at = DateTimeLocalField(
        _l("Date et heure"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    place = StringField(_l("Lieu"), validators=[Optional(), Length(max=NAME_MAX)])
    agenda = TextAreaField(_l("Ordre du jour (Markdown)"), validators=[Length(max=TEXT_MAX)])


class MinutesForm(FlaskForm):
    minutes = TextAreaField(
        _l("Compte rendu (Markdown)"), validators=[InputRequired(), Length(max=TEXT_MAX)]
    )


class OpinionForm(FlaskForm):
    title = StringField(
        _l("Intitulé de l'avis"), validators=[InputRequired(), Length(max=OPINION_TITLE_MAX)]
    )
    text = TextAreaField(_l("Texte de l'avis"), validators=[InputRequired(), Length(max=TEXT_MAX)])
    votes_for = IntegerField(_l("Voix pour"), validators=VOTES)
    votes_against = IntegerField(_l("Voix contre"), validators=VOTES)
    abstentions = IntegerField(_l("Abstentions"), validators=VOTES)


class ReportForm(FlaskForm):
    year = IntegerField(_l("Année"), validators=[InputRequired(), NumberRange(min=2000, max=2200)])
    report = TextAreaField(
        _l("Rapport annuel (Markdown)"), validators=[InputRequired(), Length(max=TEXT_MAX)]
    )


class LobbyMeetingForm(FlaskForm):
    representative = StringField(
        _l("Représentant d'intérêts (personne et organisation)"),
        validators=[InputRequired(), Length(max=lobby.NAME_MAX)],
    )
    official = StringField(
        _l("Personne rencontrée (nom et fonction)"),
        validators=[InputRequired(), Length(max=lobby.NAME_MAX)],
    )
    met_on = DateField(_l("Date de la rencontre"), validators=[InputRequired()])
    subject = StringField(_l("Objet"), validators=[InputRequired(), Length(max=lobby.SUBJECT_MAX)])
    documents = TextAreaField(
        _l("Documents reçus (un par ligne)"),
        validators=[Optional(), Length(max=lobby.DOCUMENTS_MAX)],
    )


class GiftForm(FlaskForm):
    official = StringField(
        _l("Personne à qui il a été offert"),
        validators=[InputRequired(), Length(max=lobby.NAME_MAX)],
    )
    giver = StringField(_l("Offert par"), validators=[InputRequired(), Length(max=lobby.NAME_MAX)])
    description = StringField(
        _l("Cadeau ou invitation"), validators=[InputRequired(), Length(max=lobby.SUBJECT_MAX)]
    )
    value = IntegerField(
        _l("Valeur estimée (euros)"),
        validators=[InputRequired(), NumberRange(min=0, max=lobby.VALUE_MAX)],
    )
    offered_on = DateField(_l("Date"), validators=[InputRequired()])
    outcome = RadioField(
        _l("Suite donnée"),
        choices=[(GIFT_DECLINED, _l("Refusé")), (GIFT_ACCEPTED, _l("Accepté"))],
        validators=[InputRequired(message=_l("Dites si le cadeau a été refusé ou accepté."))],
    )


class DocumentRequestForm(FlaskForm):
    document = TextAreaField(
        _l("Document demandé"),
        description=_l("Soyez précis : intitulé, date, service qui le détient si vous le savez."),
        validators=[InputRequired(), Length(max=requests.DOCUMENT_MAX)],
    )


class BodyRequestForm(DocumentRequestForm):
    body_id = SelectField(_l("Instance qui demande"), coerce=int)
    received_on = DateField(_l("Reçue le"), validators=[InputRequired()])


class AnswerForm(FlaskForm):
    outcome = RadioField(
        _l("Suite donnée"),
        choices=[
            (ANSWER_COMMUNICATED, _l("Communiqué")),
            (ANSWER_PARTLY, _l("Communiqué en partie (passages occultés)")),
            (ANSWER_REFUSED, _l("Refusé")),
            (ANSWER_NOT_HELD, _l("La commune ne le détient pas")),
        ],
        validators=[InputRequired(message=_l("Choisissez la suite donnée."))],
    )
    answer = TextAreaField(
        _l("Réponse (lien, motif du refus…)"),
        validators=[InputRequired(), Length(max=requests.ANSWER_MAX)],
    )


class LotteryForm(FlaskForm):
    source = RadioField(
        _l("Liste de départ"),
        choices=[
            ("electoral_list", _l("Liste électorale (exportée avec les adresses)")),
            ("address_file", _l("Fichier d'adresses")),
        ],
        default="electoral_list",
        validators=[InputRequired()],
    )
    invitations = IntegerField(
        _l("Personnes à inviter"),
        validators=[InputRequired(), NumberRange(min=1, max=lottery.INVITATIONS_MAX)],
    )
    seats = IntegerField(
        _l("Sièges à pourvoir"), validators=[InputRequired(), NumberRange(min=1, max=SEATS_MAX)]
    )
    people = TextAreaField(
        _l("Liste : une personne par ligne, « nom ; adresse »"),
        validators=[InputRequired(), Length(max=lottery.LIST_MAX * 430)],
    )


class SeedForm(FlaskForm):
    seed = StringField(
        _l("Graine tirée en public"), validators=[InputRequired(), Length(max=lottery.SEED_MAX)]
    )


class LotteryPoolForm(FlaskForm):
    """How the panel is drawn; the view sets the default (the fair draw when installed)."""

    mode = RadioField(
        _l("Comment tirer le panel"),
        choices=[
            (
                DRAW_FAIR,
                _l(
                    "Tirage équitable : chaque personne du vivier reçoit la plus grande chance "
                    "possible ; la liste des panels possibles est calculée (quelques minutes) "
                    "et publiée avant la graine"
                ),
            ),
            (DRAW_STRATIFIED, _l("Tirage stratifié : immédiat, siège par siège")),
        ],
        validators=[InputRequired()],
    )
    reserve = IntegerField(
        _l("Taille de la liste de réserve"),
        validators=[InputRequired(), NumberRange(min=0, max=lottery_seats.RESERVE_MAX)],
        default=4,
    )


class LotteryDeclineForm(FlaskForm):
    code = StringField(
        _l("Code de la personne qui renonce à son siège"),
        validators=[InputRequired(), Length(max=16)],
    )


class LotteryAnswerForm(FlaskForm):
    code = StringField(_l("Code de la lettre"), validators=[InputRequired(), Length(max=16)])
    gender = SelectField(
        _l("Genre"),
        choices=[
            ("female", _l("Femme")),
            ("male", _l("Homme")),
            ("non-binary", _l("Non binaire")),
            ("unsaid", _l("Préfère ne pas répondre")),
        ],
    )
