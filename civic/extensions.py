"""Every Flask extension, created once here and bound to the app in ``create_app``."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
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
babel = Babel()
mail = Mail()


def client_address() -> str:
    # Behind nginx the app sees the proxy; ProxyFix (enabled by PROXY_COUNT)
    # rewrites remote_addr, so this stays the one place that names the client.
    return get_remote_address() or request.remote_addr or "unknown"


limiter = Limiter(key_func=client_address)
