"""The bodies an admin creates in one step: their purpose and composition as the programme
describes them; everything stays editable in the form before it is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from civic.models.bodies import (
    KIND_CCSPL,
    KIND_CITIZEN_AUDIT,
    KIND_OTHER,
    KIND_SOCIAL_ACTION,
    KIND_YOUTH_COUNCIL,
)


@dataclass(frozen=True)
class Preset:
    kind: str
    name: Any  # lazy strings: the admin's language when the form is shown
    purpose: Any
    seats: dict[str, int] = field(default_factory=dict)
    term_years: int = 3


PRESETS: dict[str, Preset] = {
    p.kind: p
    for p in (
        Preset(
            KIND_CCSPL,
            _l("Commission consultative des services publics locaux"),
            _l(
                "Donner l'avis des usagers sur les services publics délégués ou gérés en "
                "régie (eau, transports, restauration scolaire…), examiner chaque année leurs "
                "rapports et demander les documents utiles. Obligatoire au-delà de "
                "10 000 habitants (CGCT L1413-1), ouverte à tous les usagers."
            ),
            {"majority": 4, "opposition": 2, "association": 4, "volunteer": 4, "expert": 2},
        ),
        Preset(
            KIND_CITIZEN_AUDIT,
            _l("Mission d'audit citoyen"),
            _l(
                "Examiner une politique ou une dépense de la commune, entendre les services "
                "et rendre un rapport public. Majorité, opposition, délégués des conseils de "
                "quartier et habitants tirés au sort en deux temps."
            ),
            {"majority": 2, "opposition": 2, "delegate": 3, "drawn": 6, "expert": 1},
            term_years=1,
        ),
        Preset(
            KIND_YOUTH_COUNCIL,
            _l("Conseil des jeunes"),
            _l(
                "Donner la parole aux jeunes de la commune : projets, avis sur les décisions "
                "qui les concernent, part du budget participatif."
            ),
            {"majority": 1, "drawn": 10, "volunteer": 10},
            term_years=2,
        ),
        Preset(
            KIND_SOCIAL_ACTION,
            _l("Instance participative du centre communal d'action sociale"),
            _l(
                "Associer les personnes accompagnées, les associations et les élus à "
                "l'action sociale de la commune : avis sur l'analyse des besoins sociaux et "
                "sur les aides."
            ),
            {"majority": 2, "opposition": 1, "association": 4, "volunteer": 4, "expert": 1},
        ),
        Preset(KIND_OTHER, _l("Nouvelle instance"), ""),
    )
}
