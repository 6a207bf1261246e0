"""Demo questions for the demo meetings (called by ``civic.meetings.demo``).

Past meetings: the selection is frozen with the core, oral questions have their
answer's summary, written ones their answer, except one left overdue on the
second meeting. The next meeting: admitted questions with supports, one still
awaiting a clerk, so every screen has something to show.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from babel.dates import format_date
from sqlalchemy import select

from civic.core.question_time import AdmittedQuestion, select_oral_questions
from civic.extensions import db
from civic.models import Meeting, Question, QuestionSupport, User, UserRole
from civic.models.accounts import VERIFIED_LEVELS
from civic.models.questions import (
    ANSWER_ORAL,
    ANSWER_WRITTEN,
    QUESTION_ADMITTED,
    QUESTION_REJECTED,
    QUESTION_SUBMITTED,
    REJECT_PERSONAL_CASE,
)
from civic.questions import settings as rules

# (title, text, answer) — plain words, as the easy-read guidance asks. An answer names
# its months from the day it is given ({in_3}: three months later, « en avril 2027 »),
# so a demo seeded in any season says things that agree with its own calendar.
QUESTIONS = [
    (
        "Quand la piscine rouvrira-t-elle ?",
        "La piscine municipale est fermée pour travaux. Quand pourra-t-on de nouveau nager ?",
        "Le conseil lance le marché de travaux à sa prochaine séance. La piscine rouvrira "
        "{in_12}, avec des horaires élargis le samedi.",
    ),
    (
        "Plus de bancs dans la Grande Rue",
        "Les personnes âgées ne peuvent pas se reposer en faisant leurs courses. "
        "La mairie peut-elle installer des bancs ?",
        "Douze bancs seront posés {in_2}, le premier devant la halle.",
    ),
    (
        "Un passage piéton devant l'école Jean-Jaurès",
        "Les enfants traversent sans passage piéton à la sortie de l'école. "
        "Est-ce qu'un passage peut être peint ?",
        "Le passage piéton sera peint {in_1}.",
    ),
    (
        "Ouvrir la médiathèque le dimanche",
        "Beaucoup de familles travaillent en semaine. "
        "La médiathèque peut-elle ouvrir le dimanche matin ?",
        "Un essai d'ouverture le dimanche matin commence {in_1}, pendant six mois.",
    ),
    (
        "Des pistes cyclables vers la gare",
        "Aller à la gare à vélo est dangereux. Y a-t-il un projet de piste cyclable ?",
        "Le plan vélo, à l'ordre du jour de cette séance, prévoit une piste protégée entre "
        "le centre et la gare {in_12}.",
    ),
    (
        "Le bruit du marché le samedi matin",
        "Les camions du marché arrivent à 5 heures. Peut-on les faire venir plus tard ?",
        "Les placiers arriveront à partir de 6 heures ; un agent y veillera.",
    ),
    (
        "Des toilettes publiques au parc",
        "Il n'y a pas de toilettes au parc du Moulin. Les familles en ont besoin.",
        "Des toilettes accessibles seront installées près de l'aire de jeux {in_4}.",
    ),
]


def dated(answer: str, given: datetime) -> str:
    """``answer`` with its {in_N} filled: « en <month> <year> », N months after ``given``."""
    months = {}
    for ahead in (1, 2, 3, 4, 12):
        index = given.month - 1 + ahead
        first = date(given.year + index // 12, index % 12 + 1, 1)
        months[f"in_{ahead}"] = "en " + format_date(first, "MMMM y", locale="fr")
    return answer.format(**months)


PERSONAL = (
    "Ma demande de logement social",
    "J'attends un logement social depuis deux ans, où en est mon dossier ?",
)
PENDING = (
    "Stationnement rue des Déportés",
    "Les voitures se garent sur le trottoir. La police municipale peut-elle passer ?",
)


def _askers() -> list[User]:
    """Verified demo residents without a staff role (demo accounts left free to ask)."""
    staff = select(UserRole.user_id)
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.verification.in_(VERIFIED_LEVELS),
                User.deleted_at.is_(None),
                User.email.like("habitant-%"),
                User.id.not_in(staff),
            )
            .order_by(User.id)
        )
    )


def _question(
    meeting: Meeting, author: User, text: tuple[str, ...], when: datetime, status: str
) -> Question:
    question = Question(
        meeting_id=meeting.id,
        author_id=author.id,
        title=text[0],
        body=text[1],
        show_name=author.id % 2 == 0,
        status=status,
        submitted_at=when,
        updated_at=when,
        moderated_at=when + timedelta(hours=20) if status != QUESTION_SUBMITTED else None,
    )
    db.session.add(question)
    return question


def seed(meetings: list[Meeting], now: datetime) -> int:
    """``meetings``: past, past, next, later. Returns how many questions were added."""
    people = _askers()
    if len(people) < 60:
        return 0
    rng = random.Random(7)  # nosec B311  # demo data, reproducible from a fixed seed
    settings = rules.load()
    added = 0
    past_first, past_second, upcoming, _later = meetings
    for meeting, texts, overdue_last in (
        (past_first, QUESTIONS[:4], False),
        (past_second, QUESTIONS[3:], True),
        (upcoming, QUESTIONS[:6], False),
    ):
        window = settings.window(meeting)
        askers = rng.sample(people, len(texts) + 1)
        questions = []
        for index, text in enumerate(texts):
            when = window.opens_at + timedelta(hours=5 + 13 * index)
            questions.append(_question(meeting, askers[index], text, when, QUESTION_ADMITTED))
        db.session.flush()
        supports = {}
        for question in questions:
            backers = rng.sample(
                [p for p in people if p.id != question.author_id], rng.randint(0, 9)
            )
            supports[question.id] = len(backers)
            db.session.add_all(
                QuestionSupport(
                    question_id=question.id, user_id=b.id, created_at=question.submitted_at
                )
                for b in backers
            )
        added += len(questions)
        if meeting is upcoming:
            _question(meeting, askers[-1], PENDING, now - timedelta(hours=3), QUESTION_SUBMITTED)
            added += 1
            continue
        rejected = _question(
            meeting, askers[-1], PERSONAL, window.opens_at + timedelta(days=2), QUESTION_REJECTED
        )
        rejected.rejection_code = REJECT_PERSONAL_CASE
        added += 1
        _answer(meeting, questions, supports, texts, settings, overdue_last)
    db.session.flush()
    return added


def _answer(
    meeting: Meeting,
    questions: list[Question],
    supports: dict[int, int],
    texts: list[tuple[str, str, str]],
    settings: rules.QuestionTimeSettings,
    overdue_last: bool,
) -> None:
    """Freeze the selection as a clerk would have (with a budget that leaves some written)."""
    selection = select_oral_questions(
        [AdmittedQuestion(q.id, supports[q.id], q.submitted_at) for q in questions],
        budget=timedelta(minutes=settings.per_question_minutes * 2),
        per_question=settings.per_question,
    )
    meeting.questions_selected_at = settings.window(meeting).closes_at + timedelta(hours=1)
    answers = {q.id: texts[i][2] for i, q in enumerate(questions)}
    by_id = {q.id: q for q in questions}
    for slot in (*selection.oral, *selection.written):
        question = by_id[slot.question_id]
        question.rank, question.oral = slot.rank, slot.oral
        question.selection_reason, question.selection_support = slot.reason, slot.support
        if overdue_last and slot is selection.written[-1]:
            continue  # left without an answer: the page shows it overdue
        question.answer_kind = ANSWER_ORAL if slot.oral else ANSWER_WRITTEN
        question.answered_at = meeting.starts_at + timedelta(hours=2 if slot.oral else 24 * 12)
        question.answer_text = dated(answers[question.id], question.answered_at)
