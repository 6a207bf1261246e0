"""Votations as open data (docs/rules.md §8): what the API and anyone recounting need."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from civic.core.electorate import LOCAL_REFERENDUM_QUORUM_PERCENT
from civic.models.votations import STATUS_DRAFT, Votation
from civic.services import Refused
from civic.votations import council, encrypted, results, services, track
from civic.votations import documents as votation_documents
from civic.votations.stations import legal_open_data
from civic.votations.voting import choices_of


def _summary(votation: Votation, now: datetime) -> dict[str, Any]:
    mode = results.tally_mode(votation)
    quorum = results.quorum_of(votation)
    return {
        "id": votation.id,
        "kind": votation.kind,
        "preset": votation.preset,
        "title": votation.title,
        "phase": results.phase_of(votation, now),
        "origin_petition_id": votation.origin_petition_id,
        "council_decision": votation.council_decision,
        "opens_at": votation.opens_at.isoformat() if votation.opens_at else None,
        "closes_at": votation.closes_at.isoformat() if votation.closes_at else None,
        "electorate": votation.electorate,
        "min_age": votation.min_age,
        "neighbourhood_ids": votation.neighbourhood_ids,
        "quorum_percent": str(quorum if quorum is not None else LOCAL_REFERENDUM_QUORUM_PERCENT),
        "mode": str(mode),
        # The charter's citizens' vote, or the law's referendum or consultation
        # (civic.votations.track), and how one takes part: the law's at polling stations.
        "track": track.track_of(votation),
        "designation": track.designation(votation),
        "channels": list(votation.channels),
        "binding_if_quorum_reached": mode.value != "consultative",
        "url": url_for("votations.show", votation_id=votation.id, _external=True),
    }


def votations_as_open_data(*, now: datetime) -> list[dict[str, Any]]:
    return [_summary(v, now) for v in services.visible_votations()]


def votation_as_open_data(votation_id: int, *, now: datetime) -> dict[str, Any]:
    page = results.votation_page(votation_id, user=None, now=now)
    votation = page.votation
    if votation.status == STATUS_DRAFT:
        raise Refused(_("Cette votation n'existe pas."))
    published = {item.question.id: item for item in page.results}
    questions = []
    for position, question in enumerate(votation.questions, start=1):
        entry: dict[str, Any] = {
            "position": position,
            "text": question.text,
            "choices": [{"code": c, "label": label} for c, label in choices_of(question)],
            "approve_choice": question.approve_choice,
            "result": None,
        }
        item = published.get(question.id)
        if item is not None:
            entry["result"] = {
                **results.result_summary(item.result),
                "failed_conditions_text": item.failures,
            }
            entry["ballots_csv"] = url_for(
                "votations.ballots_csv", votation_id=votation.id, position=position, _external=True
            )
            entry["recount_command"] = page.recount_commands[position - 1]
        questions.append(entry)
    return {
        **_summary(votation, now),
        "participation": page.voters,
        "eligible_count": votation.eligible_count,
        # The sourced commune figure behind eligible_count (None: an account count,
        # for a votation published before the commune's figures were used).
        "eligible_source": votation.eligible_source,
        "eligible_effective_date": votation.eligible_effective_date.isoformat()
        if votation.eligible_effective_date
        else None,
        "published_at": votation.published_at.isoformat() if votation.published_at else None,
        "questions": questions,
        **legal_open_data(votation),
        # The council's deliberation on the results, as for a petition's thresholds.
        "council_decisions": council.decisions_as_open_data(votation.id),
        # The notice, the stations' report model, the proclamation: printable and PDF.
        "documents": votation_documents.documents_as_open_data(votation.id),
        # An encrypted online vote's Belenios archive and the command that checks it.
        "verification": encrypted.verification_of(votation),
        "results_csv": url_for("votations.results_csv", votation_id=votation.id, _external=True)
        if votation.published_at
        else None,
    }
