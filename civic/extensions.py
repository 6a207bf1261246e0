"""Every Flask extension, created once here and bound to the app in ``create_app``."""

from __future__ import annotations

import gettext
from functools import cached_property
from typing import Any

from flask import request
from flask_babel import Babel, Domain
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from civic.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
htmx = HTMX()


class _FrenchSource(gettext.NullTranslations):
    """Where a catalogue has no entry, the French msgid is shown: its plural follows
    French, where 0 and 1 take the singular (« 0 signature », « 1 votant »), not
    gettext's default English rule."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid2 if n > 1 else msgid1


class _SourceLanguageDomain(Domain):
    def get_translations(self) -> Any:
        translations = super().get_translations()
        if getattr(translations, "_fallback", None) is None:
            translations.add_fallback(_FrenchSource())
        return translations


class _Babel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return _SourceLanguageDomain(domain=self.domain)


babel = _Babel()
mail = Mail()


def client_address() -> str:
    # Behind nginx the app sees the proxy; ProxyFix (enabled by PROXY_COUNT)
    # rewrites remote_addr, so this stays the one place that names the client.
    return get_remote_address() or request.remote_addr or "unknown"


limiter = Limiter(key_func=client_address)
