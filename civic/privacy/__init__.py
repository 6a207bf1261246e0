"""Personal data, as the GDPR asks: each area declares its processings once, here they
are gathered (docs/aipd.md, docs/legal.md).

An area lists what it does with personal data in its own ``privacy.py``: a tuple of
``Processing`` (GDPR art. 30: purpose, legal basis, categories of data and of people,
recipients, retention). ``create_app`` registers every area's tuple; from that one
register come

- the notice on each page whose form collects the data (art. 13), rendered by
  ``templates/base.html`` for the pages a processing names;
- the public page ``/donnees-personnelles``, the full notice per processing;
- the administrator's register of processing activities (art. 30), and its CSV;
- the daily ``flask civic retention``, which runs each retention's eraser once its
  period has passed (``civic.privacy.retention``).

A retention without an eraser is kept as its text says (the audit log, whose hash
chain forbids editing an entry; the voter register, from which the published turnout
is computed): the register says so rather than pretending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Executable

from civic.core.votation_calendar import add_months
from civic.extensions import db

_PROCESSINGS = "civic.processings"

# (now, before) -> how many records lost their personal data: everything whose period
# started before ``before`` is erased or anonymised; the runner commits.
Eraser = Callable[[datetime, datetime], int]


@dataclass(frozen=True)
class Retention:
    """How long one kind of record keeps its personal data, and what happens then.

    ``months`` and ``days`` count from the moment ``starts`` names; ``setting`` names a
    configuration key that holds the months instead (the commune may lengthen it)."""

    key: str
    what: Any  # lazy text: "Comptes jamais confirmés"
    starts: Any  # lazy text: "après l'inscription"
    then: Any  # lazy text: "supprimés", "noms et adresses effacés"…
    months: int = 0
    days: int = 0
    setting: str | None = None
    erase: Eraser | None = None

    def period_months(self, config: Any) -> int:
        return int(config[self.setting]) if self.setting else self.months

    def cutoff(self, now: datetime, config: Any) -> datetime:
        """Records whose period started before this moment are due."""
        return add_months(now, -self.period_months(config)) - timedelta(days=self.days)


@dataclass(frozen=True)
class Processing:
    """One processing activity (GDPR art. 30.1). Texts are lazy (French msgids);
    ``tables`` are the tables holding its personal data (a test checks every table
    holding personal data is named by one); ``pages`` the endpoints whose page carries
    a form collecting it (they show the short notice)."""

    key: str
    name: Any
    purpose: Any
    legal_basis: Any
    data: tuple[Any, ...]
    people: tuple[Any, ...]
    recipients: tuple[Any, ...]
    retention: tuple[Retention, ...]
    tables: tuple[str, ...]
    pages: tuple[str, ...] = ()
    # Data revealing political opinions (GDPR art. 9): why it may be processed.
    sensitive: Any = None


def rows_changed(statement: Executable) -> int:
    """Run an UPDATE or DELETE of an eraser; how many rows it changed."""
    result = db.session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def register(app: Flask, processings: Iterable[Processing]) -> None:
    """Add an area's processings (``create_app`` calls it once per area)."""
    known = app.extensions.setdefault(_PROCESSINGS, {})
    for processing in processings:
        if processing.key in known:
            raise ValueError(f"processing {processing.key!r} declared twice")
        known[processing.key] = processing


def registered(app: Flask | None = None) -> list[Processing]:
    """Every declared processing, in the order the areas were registered."""
    app = app or current_app
    return list(app.extensions.get(_PROCESSINGS, {}).values())


def for_page(endpoint: str | None) -> list[Processing]:
    """The processings whose form a page carries."""
    return [p for p in registered() if endpoint and endpoint in p.pages]


@dataclass(frozen=True)
class Controller:
    """Who is responsible (art. 13.1.a and b), from the settings."""

    name: str
    address: str
    email: str
    dpo: str


def controller() -> Controller:
    config = current_app.config
    return Controller(
        name=config["PRIVACY_CONTROLLER"] or f"Commune de {config['COMMUNE_NAME']}",
        address=config["PRIVACY_CONTROLLER_ADDRESS"] or "",
        email=config["PRIVACY_CONTACT_EMAIL"] or "",
        dpo=config["PRIVACY_DPO_CONTACT"] or "",
    )


def init_app(app: Flask) -> None:
    """The short notice of the page's form, and the controller, for every template."""

    @app.context_processor
    def _privacy() -> dict[str, Any]:
        return {
            "privacy_notices": for_page(request.endpoint) if has_request_context() else [],
            "privacy_controller": controller,
        }


def retention_text(retention: Retention, config: Any) -> str:
    """The retention in one sentence: "Comptes … : 1 mois après l'inscription, puis
    fermés …" (a period), or "Liste d'émargement : tant que … ; conservée …" (none)."""
    months, days = retention.period_months(config), retention.days
    parts = []
    if months:
        parts.append(ngettext("%(num)d mois", "%(num)d mois", months))
    if days:
        parts.append(ngettext("%(num)d jour", "%(num)d jours", days))
    if not parts and retention.erase is None:
        return _(
            "%(what)s : %(starts)s ; %(then)s.",
            what=retention.what,
            starts=retention.starts,
            then=retention.then,
        )
    if not parts:
        return _(
            "%(what)s : %(starts)s, puis %(then)s.",
            what=retention.what,
            starts=retention.starts,
            then=retention.then,
        )
    return _(
        "%(what)s : %(period)s %(starts)s, puis %(then)s.",
        what=retention.what,
        period=" ".join(parts),
        starts=retention.starts,
        then=retention.then,
    )


def register_rows() -> list[list[str]]:
    """The register of processing activities (GDPR art. 30.1) as table rows, header
    first: what the admin page shows and its CSV export holds."""
    config = current_app.config
    rows = [
        [
            _("Traitement"),
            _("Finalité"),
            _("Base légale"),
            _("Catégories de données"),
            _("Catégories de personnes"),
            _("Destinataires"),
            _("Durées de conservation"),
            _("Données sensibles (art. 9)"),
            _("Tables"),
        ]
    ]
    for p in registered():
        rows.append(
            [
                str(p.name),
                str(p.purpose),
                str(p.legal_basis),
                "; ".join(str(item) for item in p.data),
                "; ".join(str(item) for item in p.people),
                "; ".join(str(item) for item in p.recipients),
                " ".join(retention_text(r, config) for r in p.retention),
                str(p.sensitive or ""),
                ", ".join(p.tables),
            ]
        )
    return rows
