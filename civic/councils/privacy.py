"""Neighbourhood councils' processing of personal data (GDPR art. 30; civic.privacy):
applications, the draw's pool, members, their attendance and votes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select

from civic.extensions import db
from civic.models import CouncilApplication, CouncilMember, DrawCandidate
from civic.models.councils import APPLICATION_INELIGIBLE
from civic.privacy import Processing, Retention


def _delete_refused_applications(now: datetime, before: datetime) -> int:
    """An application found ineligible never entered a draw or a seat: once the time
    to contest the decision has passed, nothing needs it."""
    ids = list(
        db.session.scalars(
            select(CouncilApplication.id).where(
                CouncilApplication.status == APPLICATION_INELIGIBLE,
                CouncilApplication.decided_at < before,
                ~exists().where(DrawCandidate.application_id == CouncilApplication.id),
                ~exists().where(CouncilMember.application_id == CouncilApplication.id),
            )
        )
    )
    if ids:
        db.session.execute(delete(CouncilApplication).where(CouncilApplication.id.in_(ids)))
    return len(ids)


PROCESSINGS = (
    Processing(
        key="councils",
        name=_l("Conseils de quartier : candidatures, tirage au sort, membres"),
        purpose=_l(
            "Recevoir les candidatures aux conseils de quartier, tirer au sort une partie "
            "des sièges de façon vérifiable (quotas de genre et d'âge), tenir la liste des "
            "membres, leurs présences et leurs votes en séance."
        ),
        legal_basis=_l(
            "Mission d'intérêt public (RGPD art. 6.1.e) : CGCT L2143-1 et délibération du "
            "conseil municipal fixant la composition. Donnée pouvant révéler une opinion "
            "politique (art. 9) : consentement explicite de la personne candidate (art. 9.2.a)."
        ),
        data=(
            _l("compte de la personne candidate, genre, tranche d'âge"),
            _l("pseudonyme dans la liste publiée du tirage"),
            _l("siège occupé, présences, votes en séance"),
            _l("nom publié seulement si la personne l'a choisi"),
        ),
        people=(_l("candidates et candidats"), _l("membres des conseils de quartier")),
        recipients=(
            _l("le public : liste pseudonyme du tirage, noms des membres qui l'ont accepté"),
            _l("agents de la mairie"),
        ),
        retention=(
            Retention(
                key="refused_applications",
                what=_l("Candidatures jugées non recevables"),
                starts=_l("après la décision"),
                then=_l("supprimées"),
                months=6,
                erase=_delete_refused_applications,
            ),
            Retention(
                key="members",
                what=_l("Candidatures retenues, membres, présences et votes"),
                starts=_l("pendant le mandat du conseil"),
                then=_l("conservés avec les comptes rendus de séance et le tirage vérifiable"),
            ),
        ),
        tables=(
            "council_applications",
            "council_draw_candidates",
            "council_members",
            "council_session_attendance",
            "council_member_votes",
        ),
        pages=("councils.apply", "councils.applications"),
        sensitive=_l(
            "Se porter candidat peut révéler un engagement : la liste publiée du tirage ne "
            "porte que des pseudonymes, les noms ne sont publiés qu'avec l'accord de la personne."
        ),
    ),
)
