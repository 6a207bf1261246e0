"""Participatory bodies' processing of personal data (GDPR art. 30; civic.privacy): the
members of each body, the lobby register."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update

from civic.models import (
    Body,
    BodyLottery,
    BodyMember,
    DocumentRequest,
    Gift,
    LobbyMeeting,
    LotteryPerson,
)
from civic.privacy import Processing, Retention, rows_changed

MEMBERS_KEPT_MONTHS = 72  # six years after the seat ends: the body's reports cite them
LOBBY_KEPT_MONTHS = 72  # a full municipal term and the year after
REQUESTER_KEPT_MONTHS = 26  # the CADA's opinion and the two-month appeal after it
INVITEES_KEPT_MONTHS = 3  # to replace someone who gives up in the first weeks


def _delete_former_members(now: datetime, before: datetime) -> int:
    """A member who left the body, or whose body's term ended, long ago."""
    cutoff = before.date()
    return rows_changed(
        delete(BodyMember).where(
            or_(
                BodyMember.until < cutoff,
                BodyMember.body_id.in_(select(Body.id).where(Body.term_end < cutoff)),
            )
        )
    )


MEMBERS = Processing(
    key="bodies",
    name=_l("Instances participatives : membres"),
    purpose=_l(
        "Tenir et publier la composition des instances participatives (commission "
        "consultative des services publics locaux, audit citoyen, conseil des jeunes, "
        "instance de l'action sociale…) : qui siège, dans quelle catégorie, pour qui."
    ),
    legal_basis=_l(
        "Mission d'intérêt public (RGPD art. 6.1.e) : CGCT L1413-1 et délibérations du "
        "conseil municipal créant les instances."
    ),
    data=(
        _l("nom du membre"),
        _l("catégorie de siège, organisme représenté, dates"),
        _l("agent qui a créé l'instance"),
    ),
    people=(_l("membres des instances participatives"),),
    recipients=(_l("le public : composition des instances"), _l("agents de la mairie")),
    retention=(
        Retention(
            key="body_members",
            what=_l("Membres des instances"),
            starts=_l("après la fin de leur siège ou du mandat de l'instance"),
            then=_l("supprimés"),
            months=MEMBERS_KEPT_MONTHS,
            erase=_delete_former_members,
        ),
    ),
    tables=("body_members", "bodies"),
    pages=("bodies.show",),
)


def _delete_old_lobby_records(now: datetime, before: datetime) -> int:
    cutoff = before.date()
    return rows_changed(delete(LobbyMeeting).where(LobbyMeeting.met_on < cutoff)) + rows_changed(
        delete(Gift).where(Gift.offered_on < cutoff)
    )


LOBBY = Processing(
    key="lobby_register",
    name=_l("Registre des représentants d'intérêts"),
    purpose=_l(
        "Publier les rencontres des élus et des cadres de la mairie avec les représentants "
        "d'intérêts, et les cadeaux ou invitations qui leur sont offerts."
    ),
    legal_basis=_l(
        "Mission d'intérêt public (RGPD art. 6.1.e) : transparence de la vie publique "
        "(loi n° 2016-1691) et délibération du conseil municipal créant le registre."
    ),
    data=(
        _l("nom et fonction de la personne rencontrée ou à qui le cadeau est offert"),
        _l("nom du représentant d'intérêts et de son organisation"),
        _l("date, objet, documents reçus, valeur du cadeau"),
    ),
    people=(_l("élus et cadres de la mairie"), _l("représentants d'intérêts")),
    recipients=(_l("le public : registre et données ouvertes"),),
    retention=(
        Retention(
            key="lobby_records",
            what=_l("Rencontres et cadeaux du registre"),
            starts=_l("après la rencontre ou l'offre"),
            then=_l("supprimés"),
            months=LOBBY_KEPT_MONTHS,
            erase=_delete_old_lobby_records,
        ),
    ),
    tables=("lobby_meetings", "lobby_gifts"),
    pages=("bodies.lobby_register",),
)


def _unlink_requesters(now: datetime, before: datetime) -> int:
    """The request stays public; who asked is no longer needed."""
    return rows_changed(
        update(DocumentRequest)
        .where(
            DocumentRequest.requester_id.is_not(None),
            DocumentRequest.answered_on < before.date(),
        )
        .values(requester_id=None)
    )


REQUESTS = Processing(
    key="document_requests",
    name=_l("Demandes de documents administratifs"),
    purpose=_l(
        "Recevoir les demandes de documents des habitants, y répondre dans le mois et "
        "publier la liste des demandes (sans le nom de qui demande) avec leurs délais."
    ),
    legal_basis=_l(
        "Obligation légale (RGPD art. 6.1.c) : code des relations entre le public et "
        "l'administration, L311-1 et R311-13."
    ),
    data=(_l("compte de la personne qui demande"), _l("document demandé, dates, réponse")),
    people=(_l("habitants qui demandent un document"),),
    recipients=(
        _l("agents de la mairie"),
        _l("le public : le document demandé et la réponse, jamais le nom"),
    ),
    retention=(
        Retention(
            key="document_requesters",
            what=_l("Lien entre une demande et la personne qui l'a faite"),
            starts=_l("après la réponse"),
            then=_l("effacé, la demande reste publiée sans nom"),
            months=REQUESTER_KEPT_MONTHS,
            erase=_unlink_requesters,
        ),
    ),
    tables=("document_requests",),
    pages=("bodies.ask_document",),
)


def _erase_invitees(now: datetime, before: datetime) -> int:
    """Names and addresses of the invited, once the panel has sat for a while (those
    seated are members under their name; the codes stay for the verifiable draw)."""
    return rows_changed(
        update(LotteryPerson)
        .where(
            LotteryPerson.name.is_not(None),
            LotteryPerson.lottery_id.in_(
                select(BodyLottery.id).where(BodyLottery.seated_at < before)
            ),
        )
        .values(name=None, address=None)
    )


LOTTERIES = Processing(
    key="body_lotteries",
    name=_l("Tirages au sort en deux temps : invitations"),
    purpose=_l(
        "Tirer au sort, dans la liste électorale ou un fichier d'adresses, les personnes "
        "invitées à rejoindre une instance, leur écrire, puis tirer au sort les membres "
        "parmi celles qui ont répondu, en respectant la parité."
    ),
    legal_basis=_l(
        "Mission d'intérêt public (RGPD art. 6.1.e) : délibération du conseil municipal "
        "créant l'instance ; communication de la liste électorale (code électoral L37)."
    ),
    data=(
        _l(
            "nom et adresse des personnes de la liste, effacés dès le tirage pour celles "
            "qui ne sont pas invitées"
        ),
        _l("code de la lettre, réponse et genre des personnes qui acceptent"),
        _l("agent qui a arrêté la liste"),
    ),
    people=(_l("électeurs ou habitants de la liste de départ"),),
    recipients=(
        _l("agents de la mairie"),
        _l("le public : codes seulement, jamais de nom ni d'adresse"),
    ),
    retention=(
        Retention(
            key="lottery_invitees",
            what=_l("Noms et adresses des personnes invitées"),
            starts=_l("après le tirage des membres"),
            then=_l("effacés ; les codes restent pour la vérification du tirage"),
            months=INVITEES_KEPT_MONTHS,
            erase=_erase_invitees,
        ),
    ),
    tables=("body_lottery_people", "body_lotteries"),
    pages=("bodies.show", "bodies.lottery"),
)

PROCESSINGS = (MEMBERS, LOBBY, REQUESTS, LOTTERIES)
