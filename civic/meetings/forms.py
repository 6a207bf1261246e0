from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from civic.forms import required
from civic.meetings.minutes import MARKDOWN_MAX
from civic.meetings.services import DESCRIPTION_MAX, MEETING_TITLE_MAX, PLACE_MAX, TITLE_MAX
from civic.models.meetings import Meeting


def commune_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_to_utc(day: date, moment: time) -> datetime:
    """A wall-clock time at the town hall, as the UTC instant the database keeps."""
    return datetime.combine(day, moment, tzinfo=commune_zone()).astimezone(UTC)


class MeetingForm(FlaskForm):
    title = StringField(
        _l("Intitulé"),
        default=_l("Conseil municipal"),
        validators=[DataRequired(), Length(max=MEETING_TITLE_MAX)],
    )
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Indiquez une date valide."))])
    start_time = TimeField(
        _l("Heure de début"),
        validators=[InputRequired(message=_l("Indiquez une heure valide."))],
    )
    end_time = TimeField(
        _l("Heure de fin prévue (facultative)"),
        validators=[Optional()],
    )
    place = StringField(
        _l("Lieu"),
        default=_l("Salle du conseil, hôtel de ville"),
        validators=[DataRequired(), Length(max=PLACE_MAX)],
    )

    def fill_from(self, meeting: Meeting) -> None:
        zone = commune_zone()
        starts = meeting.starts_at.astimezone(zone)
        self.title.data = meeting.title
        self.day.data = starts.date()
        self.start_time.data = starts.time().replace(second=0, microsecond=0)
        if meeting.ends_at:
            self.end_time.data = meeting.ends_at.astimezone(zone).time()
        self.place.data = meeting.place

    def starts_at(self) -> datetime:
        return local_to_utc(required(self.day.data), required(self.start_time.data))

    def ends_at(self) -> datetime | None:
        if self.end_time.data is None:
            return None
        return local_to_utc(required(self.day.data), self.end_time.data)


class AgendaItemForm(FlaskForm):
    title = StringField(_l("Intitulé du point"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    description = TextAreaField(
        _l("Précision (facultative)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)]
    )


class MinutesForm(FlaskForm):
    markdown = TextAreaField(
        _l("Procès-verbal (texte)"),
        validators=[Optional(), Length(max=MARKDOWN_MAX)],
        description=_l("Mise en forme Markdown : titres ##, listes -, liens [texte](https://…)."),
    )
    pdf = FileField(
        _l("Procès-verbal (PDF signé, facultatif)"),
        validators=[FileAllowed(["pdf"], _l("Un fichier .pdf est attendu."))],
    )
    remove_pdf = BooleanField(_l("Retirer le PDF actuel"))
    publish = BooleanField(_l("Publier le procès-verbal"))
