"""Demo council meetings: two past ones with minutes and answered questions (one with
a written answer overdue), one upcoming with its question window open, and one
further ahead whose window has not opened yet. Idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from civic.extensions import db
from civic.followup.agenda import attach_waiting_items, next_planned_meeting
from civic.meetings.services import QUESTION_TIME_SUBJECT
from civic.models import AgendaItem, Meeting
from civic.models.meetings import (
    KIND_DELIBERATION,
    KIND_QUESTION_TIME,
    MEETING_MINUTES_PUBLISHED,
    MEETING_PLANNED,
)
from civic.questions import demo as questions_demo

PLACE = "Salle du conseil, hôtel de ville, place de la République"
PARIS = ZoneInfo("Europe/Paris")

# What the council decided on each agenda line: a past meeting's minutes list its own
# agenda, so the minutes, the agenda and the residents' answers tell one story.
DECISIONS = {
    "Budget primitif": "adopté par 24 voix pour, 5 contre.",
    "Tarifs de la restauration scolaire": (
        "tarif solidaire à 1 € pour les quotients familiaux les plus bas ; adopté à l'unanimité."
    ),
    "Rénovation de la piscine municipale": "lancement du marché de travaux ; adopté.",
    "Plan vélo": "adopté par 27 voix pour, 2 abstentions.",
}


def minutes(lines: list[str]) -> str:
    decided = "\n".join(
        f"{number}. **{line}** : {DECISIONS[line]}" for number, line in enumerate(lines, 1)
    )
    return (
        "## Présents\n\n29 conseillères et conseillers sur 33 ; quorum atteint.\n\n"
        f"## Délibérations\n\n{decided}\n\n"
        "## Questions des habitantes et des habitants\n\n"
        "Les réponses orales sont résumées sur la page de la séance ; les réponses écrites y "
        "sont publiées.\n"
    )


# (days from now, local hour of the start, agenda lines after question time)
MEETINGS = [
    (-75, 18, ["Budget primitif", "Tarifs de la restauration scolaire"]),
    (-40, 18, ["Rénovation de la piscine municipale", "Plan vélo"]),
    (8, 18, ["Décision modificative n° 1", "Dénomination de la place des Tanneurs"]),
    (40, 18, ["Rapport d'orientation budgétaire"]),
]


def _local(day_offset: int, hour: int, now: datetime) -> datetime:
    day = (now.astimezone(PARIS) + timedelta(days=day_offset)).date()
    return datetime.combine(day, time(hour, 30), tzinfo=PARIS).astimezone(UTC)


def seed(now: datetime, summary: list[str]) -> None:
    if db.session.scalar(select(Meeting.id).limit(1)) is not None:
        return
    created = []
    for offset, hour, lines in MEETINGS:
        starts_at = _local(offset, hour, now)
        past = offset < 0
        meeting = Meeting(
            title="Conseil municipal",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            place=PLACE,
            status=MEETING_MINUTES_PUBLISHED if past else MEETING_PLANNED,
            minutes_markdown=minutes(lines) if past else None,
            held_at=starts_at + timedelta(hours=3) if past else None,
            minutes_published_at=starts_at + timedelta(days=12) if past else None,
            created_at=starts_at - timedelta(days=45),
            updated_at=now,
        )
        db.session.add(meeting)
        db.session.flush()
        items = [
            AgendaItem(
                kind=KIND_QUESTION_TIME,
                title="Questions des habitantes et des habitants",
                subject_type=QUESTION_TIME_SUBJECT,
                subject_id=meeting.id,
            ),
            *(AgendaItem(kind=KIND_DELIBERATION, title=line) for line in lines),
        ]
        for position, item in enumerate(items, start=1):
            item.meeting_id = meeting.id
            item.position = position
            item.created_at = item.attached_at = meeting.created_at
            db.session.add(item)
        created.append(meeting)
    db.session.flush()
    # Petitions or votations seeded before us may have scheduled items that wait.
    upcoming = next_planned_meeting(now)
    if upcoming is not None:
        attach_waiting_items(upcoming, now)
    asked = questions_demo.seed(created, now)
    summary.append(
        f"Council meetings: {len(created)} (2 past with minutes, 2 upcoming), "
        f"{asked} residents' questions, calendar at /meetings.ics."
    )
