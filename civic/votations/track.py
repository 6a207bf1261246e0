"""Which track a votation belongs to, and what follows from it (docs/rules.md §9).

The charter track's vote (residents from 16, any nationality) is a citizens' vote
(votation citoyenne) with the council's political commitment: online or on paper at
the town hall, never called a "référendum local" or a "consultation". The legal track's
votes are the CGCT's local referendum (LO 1112-1 ff.) and consultation of the electors
(L1112-15 ff.): electors only, at polling stations under the Electoral Code, so no
online channel.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from civic.core.legal_track import LegalVote
from civic.models.votations import (
    KIND_CONSULTATION,
    KIND_RECALL,
    KIND_REFERENDUM,
    PRESET_CGCT_CONSULTATION,
    PRESET_CGCT_REFERENDUM,
    Votation,
)
from civic.services import Refused

TRACK_CHARTER = "charter"
TRACK_LEGAL = "legal"

LEGAL_VOTES = {
    PRESET_CGCT_REFERENDUM: LegalVote.REFERENDUM,
    PRESET_CGCT_CONSULTATION: LegalVote.CONSULTATION,
}

# What a citizens' vote came from (its kind), in the charter's words.
CHARTER_ORIGINS = {
    KIND_REFERENDUM: _l("Votation citoyenne demandée par pétition"),
    KIND_RECALL: _l("Votation citoyenne révocatoire"),
    KIND_CONSULTATION: _l("Votation citoyenne décidée par le conseil"),
}
LEGAL_NAMES = {
    LegalVote.REFERENDUM: _l("Référendum local (CGCT LO 1112-1)"),
    LegalVote.CONSULTATION: _l("Consultation des électeurs (CGCT L1112-15) : un avis"),
}


def legal_vote(votation: Votation) -> LegalVote | None:
    """The law's vote this votation is, or None for the charter's citizens' vote."""
    return LEGAL_VOTES.get(votation.preset)


def track_of(votation: Votation) -> str:
    return TRACK_LEGAL if legal_vote(votation) is not None else TRACK_CHARTER


def channels_of(votation: Votation) -> tuple[str, ...]:
    """How one takes part: the law's votes at polling stations only."""
    return votation.channels


def designation(votation: Votation) -> str:
    """What the votation is called, everywhere it is named."""
    kind = legal_vote(votation)
    if kind is not None:
        return str(LEGAL_NAMES[kind])
    return str(CHARTER_ORIGINS.get(votation.kind, _l("Votation citoyenne")))


def refuse_online(votation: Votation) -> None:
    """A vote of the law is cast at a polling station, not on the site."""
    if legal_vote(votation) is not None:
        raise Refused(
            _(
                "Ce vote se tient dans les bureaux de vote, selon le code électoral : "
                "il n'y a pas de vote en ligne. Votez dans votre bureau, muni de votre "
                "pièce d'identité."
            )
        )


def refuse_register_desk(votation: Votation) -> None:
    """The law's voters sign the polling station's own list: its results come from the
    station's report (``civic.votations.legal``), not from the town hall's paper desk."""
    if legal_vote(votation) is not None:
        raise Refused(
            _(
                "Pour un vote prévu par la loi, les électeurs signent la liste d'émargement "
                "de leur bureau : saisissez le procès-verbal de chaque bureau."
            )
        )
