"""Configuration defaults.

Order of precedence (last wins): these defaults, ``instance/config.py``,
environment variables, then the ``test_config`` mapping given to ``create_app``.
Secrets never live here: ``SECRET_KEY`` and ``IDENTITY_KEY_SECRET`` come from the
environment or are generated once into ``instance/`` (see ``civic.secrets``).
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

DEFAULTS: dict[str, Any] = {
    # An SQLite file under instance/ unless DATABASE_URL says otherwise (set in create_app,
    # because the instance path is only known there).
    "SQLALCHEMY_DATABASE_URI": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "fr",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
    "LANGUAGES": {"fr": "Français", "en": "English"},
    "SESSION_COOKIE_HTTPONLY": True,
    # None: Secure outside debug and tests (decided in create_app); env can force it.
    "SESSION_COOKIE_SECURE": None,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Sessions live on the server (civic.auth.sessions): "remember me" keeps one for 30
    # days at most, a session without it ends after SESSION_IDLE_HOURS unused; a
    # log-out, a password reset or "log out everywhere" ends them at once.
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "SESSION_IDLE_HOURS": 24,
    # A staff session (one that passed the second factor, civic.auth.second_factor)
    # ends after this many minutes unused, "remember me" or not.
    "STAFF_IDLE_MINUTES": 30,
    # Flask-Login: a session whose browser or address changes is no longer "fresh".
    "SESSION_PROTECTION": "basic",
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    # How long a shared cache (nginx's micro-cache, browsers) may keep an anonymous
    # visitor's page (civic.caching): counts are at most this many seconds stale.
    "SHARED_CACHE_SECONDS": 5,
    # How long a server process keeps the parts of a page that are the same for every
    # reader (civic.caching.reader_independent_parts), after which it draws them again;
    # 0 draws them for every view.
    "READER_INDEPENDENT_SECONDS": 5,
    # Rate limits (Flask-Limiter): counted in the database (civic.rate_limits), so every
    # worker and host shares them; in Redis when REDIS_URL is set.
    "RATELIMIT_STORAGE_URI": "civic-database://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Redis down: count in each server's memory meanwhile (limits still hold, per
    # server) instead of failing every login and signature with an error page.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_LOGIN": "10 per minute;100 per day",
    "RATELIMIT_RESET": "5 per minute;30 per day",
    "RATELIMIT_REGISTER": "10 per hour",
    # Failed log-ins (civic.auth.throttle): per account and client, a few failures go
    # through, then each try waits, twice as long after each further failure, up to the
    # ceiling; the account-wide backstop counts failures from every browser the account
    # never logged in from. Counts are forgotten after a quiet period.
    "LOGIN_THROTTLE": {
        "free_failures": 5,
        "account_free_failures": 20,
        "first_wait_seconds": 30,
        "longest_wait_seconds": 900,
        "forget_after_hours": 24,
    },
    # Question time (sending or editing a question): one question per meeting is the
    # rule, so a resident needs a few tries at most; an address may be shared (a
    # household, the town hall's public computers), hence the wider IP limit.
    "RATELIMIT_QUESTION": "30 per hour;200 per day",
    "RATELIMIT_QUESTION_ACCOUNT": "10 per hour;30 per day",
    # Signing a petition: per address, and per account.
    "RATELIMIT_SIGN": "60 per minute;1000 per day",
    "RATELIMIT_SIGN_ACCOUNT": "10 per minute;100 per day",
    # Months a petition collects signatures when its carrier sets no deadline.
    "PETITION_DEADLINE_MONTHS": 6,
    # Months after a petition's collection ends before its signers' personal data is
    # erased (`flask civic petitions anonymise`, daily): long enough for the council
    # to take it up at a meeting (one a quarter at least, CGCT L2121-7) and for the
    # two-month appeal against its decision, after which nobody needs to know who signed.
    "PETITION_ANONYMISE_AFTER_MONTHS": 6,
    # Days within which a meeting of an elected official or a senior officer with an
    # interest representative is published in the lobby register (civic/bodies/lobby.py):
    # a record made later is published all the same, marked late.
    "LOBBY_PUBLICATION_DAYS": 15,
    # Months an account may go unused (no log-in, no use of a session) before the
    # retention run closes it; its owner is mailed a month before (civic.account.privacy).
    "ACCOUNT_INACTIVE_MONTHS": 36,
    # Votations that cannot be rushed (civic/core/votation_calendar.py): per preset, the
    # notice between scheduling and opening and the shortest voting period. The legal
    # presets follow the CGCT (two months' notice: LO 1112-3 for a local referendum,
    # L1112-17 for a consultation) and the Electoral Code's polling day (8 a.m. to
    # 6 p.m., R41); the charter's figures are the commune's choice.
    "VOTATION_CALENDAR": {
        "charter": {"notice_days": 14, "min_voting_hours": 7 * 24},
        # The law's two months run from the deliberation's transmission to the prefect,
        # not from the scheduling (checked in civic.core.legal_track).
        "cgct_referendum": {"min_voting_hours": 10, "source": "Code électoral R41"},
        "cgct_consultation": {"min_voting_hours": 10, "source": "Code électoral R41"},
    },
    # The month of the municipal council's next general renewal ("YYYY-MM"): no local
    # referendum or consultation from the first day of the sixth month before it
    # (CGCT LO 1112-6, L1112-21). None: not checked.
    "COUNCIL_GENERAL_RENEWAL": "2032-03",
    # Campaigns and polling days of elections and national referendums during which no
    # local referendum or consultation may be held (CGCT LO 1112-6), from the campaign's
    # first day to the last polling day: [{"name": "Élection présidentielle",
    # "from": "2027-03-29", "to": "2027-04-25"}, …].
    "ELECTION_PERIODS": [],
    # Mail (Flask-Mailman): SMTP once MAIL_SERVER is set. Unset, mails are printed on
    # the console in debug (`make run` asks for it with MAIL_BACKEND=console) and
    # dropped otherwise, with an error in the log: their links are live.
    "MAIL_BACKEND": None,
    "MAIL_SERVER": None,
    "MAIL_DEFAULT_SENDER": "Civic <ne-pas-repondre@civic.localhost>",
    "MAIL_CONFIGURED": False,
    "COMMUNE_NAME": "Sens",
    # Who answers for the personal data (GDPR art. 13), shown on every form's notice,
    # /donnees-personnelles and the register of processing activities. The controller
    # is the commune ("Commune de <COMMUNE_NAME>" when unset); the DPO contact is the
    # address or e-mail of its data protection officer (art. 37: mandatory for a commune).
    "PRIVACY_CONTROLLER": None,
    "PRIVACY_CONTROLLER_ADDRESS": None,
    "PRIVACY_CONTACT_EMAIL": None,
    "PRIVACY_DPO_CONTACT": None,
    # The accessibility statement (/accessibilite): whom to write to about a barrier,
    # and the full RGAA audit when one was done ({"date": "2027-03-01", "auditor": …,
    # "rate": 87.5}); without one the statement says "non conforme", as the RGAA asks.
    "ACCESSIBILITY_CONTACT_EMAIL": None,
    "ACCESSIBILITY_AUDIT": None,
    # Largest PDF of a meeting's minutes a clerk may upload.
    "MINUTES_PDF_MAX_BYTES": 5 * 1024 * 1024,
    # Argon2id password hashing: argon2-cffi's recommended cost (tests lower it).
    "ARGON2_PARAMETERS": {"time_cost": 3, "memory_cost": 65536, "parallelism": 4},
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    "PROXY_COUNT": 0,
    # Whether those proxies set X-Forwarded-Host (ignored unless so).
    "PROXY_FORWARDED_HOST": False,
    # The site's public address, for every link in a mail; requests naming another
    # host are refused (TRUSTED_HOSTS, derived from it in civic.security). Unset: the
    # development addresses (127.0.0.1:5000 and localhost).
    "PUBLIC_URL": None,
    # Hosts requests may name (Flask): None derives them from PUBLIC_URL; a list adds
    # others (an old domain still served). SERVER_NAME (Flask) stays unset.
    "TRUSTED_HOSTS": None,
    # Strict-Transport-Security's max-age in seconds, sent when the site is served over
    # HTTPS (the request is, or PUBLIC_URL is https): browsers then refuse plain HTTP
    # for it that long. One year; 0 tells browsers to forget it.
    "HSTS_MAX_AGE": 365 * 24 * 3600,
    "SERVER_NAME": None,
    "REDIS_URL": None,
    # Background jobs: on RQ when REDIS_URL is set, else in a thread of the app.
    # JOBS_IN_THREAD keeps the thread despite REDIS_URL; JOBS_SYNCHRONOUS (tests) waits
    # for the job before enqueue returns.
    "JOBS_IN_THREAD": False,
    "JOBS_SYNCHRONOUS": False,
    # Sign in with an identity provider (OpenID Connect, civic.auth.oidc): shown only
    # when an issuer (or its discovery URL), a client id and a client secret are set.
    # FranceConnect: its issuer, its scopes below and OIDC_ACR_VALUES "eidas1".
    "OIDC_ISSUER": None,
    "OIDC_DISCOVERY_URL": None,
    "OIDC_CLIENT_ID": None,
    "OIDC_CLIENT_SECRET": None,  # nosec B105  # unset by default: no provider, no secret
    # The button's label ("Se connecter avec FranceConnect"); unset: the issuer's host.
    "OIDC_PROVIDER_NAME": None,
    "OIDC_SCOPES": "openid given_name family_name birthdate email",
    "OIDC_ACR_VALUES": None,
    # Seconds Civic waits for the provider's server (discovery, keys, token, userinfo).
    "OIDC_TIMEOUT": 10,
}
# Lifetimes of the single-use e-mail links, in hours. Set outside the literal: bandit's
# B105 takes any constant under a key containing TOKEN for a password (48 included), and a
# suppression comment inside a multi-line literal would cover, and warn on, all of it.
DEFAULTS["CONFIRM_TOKEN_HOURS"] = 48
DEFAULTS["RESET_TOKEN_HOURS"] = 2
# One reset link every so many minutes per account at most (civic.auth.mails): the reset
# page has no per-address limit that anyone could use up to keep the owner from it.
DEFAULTS["RESET_MAIL_MINUTES"] = 10

# Environment variables read as plain strings.
ENV_STRINGS = (
    "SECRET_KEY",
    "IDENTITY_KEY_SECRET",
    "REDIS_URL",
    "MAIL_SERVER",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "MAIL_BACKEND",
    "COMMUNE_NAME",
    "PUBLIC_URL",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_QUESTION",
    "RATELIMIT_QUESTION_ACCOUNT",
    "OIDC_ISSUER",
    "OIDC_DISCOVERY_URL",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "OIDC_PROVIDER_NAME",
    "OIDC_SCOPES",
    "OIDC_ACR_VALUES",
    "PRIVACY_CONTROLLER",
    "PRIVACY_CONTROLLER_ADDRESS",
    "PRIVACY_CONTACT_EMAIL",
    "PRIVACY_DPO_CONTACT",
    "ACCESSIBILITY_CONTACT_EMAIL",
)
ENV_INTS = (
    "MAIL_PORT",
    "PROXY_COUNT",
    "PETITION_ANONYMISE_AFTER_MONTHS",
    "STAFF_IDLE_MINUTES",
    "SHARED_CACHE_SECONDS",
    "READER_INDEPENDENT_SECONDS",
)
ENV_BOOLS = ("MAIL_USE_TLS", "MAIL_USE_SSL", "SESSION_COOKIE_SECURE", "PROXY_FORWARDED_HOST")


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Read the documented environment variables into config keys."""
    env = os.environ if environ is None else environ
    config: dict[str, Any] = {}
    if env.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(env["DATABASE_URL"])
    for name in ENV_STRINGS:
        if env.get(name):
            config[name] = env[name]
    for name in ENV_INTS:
        if env.get(name):
            config[name] = int(env[name])
    for name in ENV_BOOLS:
        if name in env:
            config[name] = env[name].lower() in {"1", "true", "yes", "on"}
    if env.get("MAIL_SERVER"):
        config["MAIL_BACKEND"] = "smtp"
        config["MAIL_CONFIGURED"] = True
    if env.get("REDIS_URL") and not env.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
    return config


def normalise_database_url(url: str) -> str:
    """Let operators write the usual ``postgresql://`` URL; we drive it with psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
