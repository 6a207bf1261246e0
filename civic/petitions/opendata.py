"""Petitions as open data (docs/rules.md §3, §8): counts, stamps, answers — never a name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from civic.csv_export import csv_text
from civic.deliberations import services as deliberations
from civic.documents import services as documents
from civic.models import Petition
from civic.petitions import lifecycle, queries


def petition_as_open_data(petition: Petition, now: datetime) -> dict[str, Any]:
    figures = queries.figures_of(petition, now)
    answer = lifecycle.answer_of(petition.id)
    thresholds = []
    if figures.evaluation is not None:
        for status in figures.evaluation.statuses:
            thresholds.append(
                {
                    "name": status.name,
                    "percent": str(float(status.percent)),
                    "base": status.base.value,
                    "base_value": status.base_value,
                    "base_source": status.base_source,
                    "base_date": status.base_date.isoformat(),
                    "counts": status.counts.value,
                    "required": status.required,
                    "counted": status.counted,
                    "remaining": status.remaining,
                    "reached": status.reached,
                    "reached_at": status.reached_at.isoformat() if status.reached_at else None,
                }
            )
    return {
        "id": petition.id,
        "title": petition.title,
        "kind": petition.kind,
        "rule_set": petition.rule_set_code,
        "state": petition.state,
        "opened_at": petition.opened_at.isoformat() if petition.opened_at else None,
        "deadline": petition.deadline.isoformat() if petition.deadline else None,
        "decision_asked": petition.decision_asked,
        "signatures": {"collected": figures.collected, "counted": figures.counted},
        "signatures_by_neighbourhood": queries.counts_by_neighbourhood(petition.id),
        "thresholds": thresholds,
        "progress": {
            "debate": petition.debate_progress,
            "referendum": petition.referendum_progress,
            "recall": petition.recall_progress,
            "legal_request": petition.legal_progress,
        },
        "legal_requests": petition.counted_legal,
        "recall_official": petition.recall_official,
        "rejection": {"code": petition.rejection_code, "text": petition.rejection_text}
        if petition.rejection_code
        else None,
        "answer": {"text": answer.body, "published_at": answer.published_at.isoformat()}
        if answer
        else None,
    }


def petition_file_as_open_data(petition: Petition) -> dict[str, Any]:
    """What one petition's API entry adds: its documents, the council's decisions on it,
    and every answer named for who gave it (docs/rules.md §9)."""
    return {
        "documents": documents.as_open_data(documents.documents_of("petition", petition.id)),
        "council_decisions": [
            deliberations.decision_as_open_data(decision)
            for decision in deliberations.decisions_about("petition", petition.id)
        ],
        "answers": [
            {
                "by": answer.answered_as,
                "deliberation_number": answer.decision.number if answer.decision else None,
                "text": answer.body,
                "published_at": answer.published_at.isoformat(),
            }
            for answer in lifecycle.answers_of(petition.id)
        ],
    }


CSV_COLUMNS = (
    "id",
    "title",
    "kind",
    "rule_set",
    "state",
    "opened_at",
    "deadline",
    "collected",
    "counted",
    "thresholds_reached",
    "answered",
)


def petitions_csv(now: datetime) -> str:
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    for petition in queries.visible_petitions():
        data = petition_as_open_data(petition, now)
        rows.append(
            [
                data["id"],
                data["title"],
                data["kind"],
                data["rule_set"],
                data["state"],
                data["opened_at"] or "",
                data["deadline"] or "",
                data["signatures"]["collected"],
                data["signatures"]["counted"],
                " ".join(t["name"] for t in data["thresholds"] if t["reached"]),
                "yes" if data["answer"] else "no",
            ]
        )
    return csv_text(rows, lineterminator="\r\n")
