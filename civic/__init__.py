"""Civic: the application factory.

Flask and the extensions are imported inside the functions, so that importing
``civic.core`` (to re-run a tally from open data) needs only the standard library.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    from flask import Config, Flask

    from civic import caching, errors, security
    from civic import config as config_module

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
        instance_path=os.environ.get("CIVIC_INSTANCE_PATH", os.path.join(ROOT, "instance")),
    )
    os.makedirs(app.instance_path, exist_ok=True)

    app.config.from_mapping(config_module.DEFAULTS)
    instance = Config(app.instance_path)
    instance.from_pyfile("config.py", silent=True)
    app.config.update(instance)
    if instance.get("REDIS_URL") and "RATELIMIT_STORAGE_URI" not in instance:
        # Redis named in instance/config.py shares the rate limits too, as it does from
        # the environment: each app server would otherwise count apart in its memory.
        app.config["RATELIMIT_STORAGE_URI"] = instance["REDIS_URL"]
    app.config.from_mapping(config_module.from_environment())
    if test_config is not None:
        app.config.from_mapping(test_config)
    _fill_defaults(app)

    if app.config["PROXY_COUNT"]:
        # Behind nginx (or any proxy): trust exactly that many X-Forwarded-* hops, so
        # rate limits and Secure cookies see the client, not the proxy.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_COUNT"])
        # X-Forwarded-Host only if the operator says the proxy sets it: else a client
        # could name any host (TRUSTED_HOSTS still applies to what it names).
        host_hops = hops if app.config["PROXY_FORWARDED_HOST"] else 0
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=host_hops)  # type: ignore[method-assign]
    _init_extensions(app)
    security.init_app(app)
    caching.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    from civic import followup

    # What one area's act obliges of the council: handlers of the areas' events.
    followup.register_handlers(app)
    _register_personal_data(app)
    _register_processings(app)
    _register_home_cards(app)
    _register_clerk_queues(app)

    from civic import cli

    cli.init_app(app)
    return app


def _fill_defaults(app: Flask) -> None:
    from civic.secrets import load_or_create

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "civic.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create(app.instance_path, "secret_key")
    if not app.config.get("IDENTITY_KEY_SECRET"):
        app.config["IDENTITY_KEY_SECRET"] = load_or_create(app.instance_path, "identity_key")
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    if app.config.get("MAIL_SERVER"):
        # SMTP however MAIL_SERVER was given: the environment or instance/config.py.
        app.config["MAIL_BACKEND"] = app.config.get("MAIL_BACKEND") or "smtp"
        app.config["MAIL_CONFIGURED"] = True
    if not app.config.get("MAIL_BACKEND"):
        # Mails carry live links (confirmation, password reset): printed on the console
        # for a developer only, never into a production log.
        app.config["MAIL_BACKEND"] = "console" if app.debug else "dummy"
        if not app.debug:
            app.logger.error(
                "MAIL_SERVER is not set: no mail is sent (confirmations, password resets)."
                " Set MAIL_SERVER, or MAIL_BACKEND=console on a development machine."
            )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # pool_pre_ping is pointless on a file and costs a query per checkout.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            k: v for k, v in app.config["SQLALCHEMY_ENGINE_OPTIONS"].items() if k != "pool_pre_ping"
        }


def _init_extensions(app: Flask) -> None:
    from flask import abort, flash, redirect, request, url_for
    from flask_babel import gettext as _

    import civic.models  # noqa: F401  (registers every table on the metadata)
    from civic import database, i18n
    from civic.extensions import babel, csrf, db, htmx, limiter, login_manager, mail, migrate

    db.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine)
    migrate.init_app(
        app, db, render_as_batch=True, compare_type=True, render_item=database.render_migration_item
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    from civic import rate_limits  # noqa: F401  (registers the civic-database:// storage)

    limiter.init_app(app)
    mail.init_app(app)

    from civic.auth.services import load_user

    login_manager.user_loader(load_user)

    @login_manager.unauthorized_handler
    def _unauthorized() -> Any:
        if htmx:
            abort(401)
        flash(_("Connectez-vous pour continuer."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def _declare_write_intent() -> None:
        database.set_write_intent(
            request.method not in {"GET", "HEAD", "OPTIONS"}
            and database.writes_from_first_query(app.view_functions.get(request.endpoint or ""))
        )

    @app.teardown_request
    def _forget_write_intent(_error: BaseException | None) -> None:
        database.set_write_intent(False)

    @app.after_request
    def _vary_on_htmx(response: Any) -> Any:
        # One URL answers with a page or a fragment: caches must tell them apart.
        response.vary.add("HX-Request")
        return response


def _register_blueprints(app: Flask) -> None:
    from civic.account.views import bp as account_bp
    from civic.admin.views import bp as admin_bp
    from civic.api import bp as api_bp
    from civic.auth.oidc import bp as oidc_bp
    from civic.auth.views import bp as auth_bp
    from civic.bodies.views import bp as bodies_bp
    from civic.budget.admin import admin_bp as budget_admin_bp
    from civic.budget.clerk import clerk_bp as budget_clerk_bp
    from civic.budget.counter_views import bp as budget_counter_bp
    from civic.budget.public import bp as budget_bp
    from civic.charter.views import bp as charter_bp
    from civic.clerk.views import bp as clerk_bp
    from civic.councils.counter import bp as councils_counter_bp
    from civic.councils.views import bp as councils_bp
    from civic.documents.views import bp as documents_bp
    from civic.frontdesk.views import bp as frontdesk_bp
    from civic.main.guides import bp as guides_bp
    from civic.main.views import bp as main_bp
    from civic.meetings.views import bp as meetings_bp
    from civic.notifications.views import bp as notifications_bp
    from civic.petitions.clerk_views import bp as petitions_clerk_bp
    from civic.petitions.counter_views import bp as petitions_counter_bp
    from civic.petitions.views import bp as petitions_bp
    from civic.questions.clerk_views import bp as questions_clerk_bp
    from civic.questions.counter_views import bp as questions_counter_bp
    from civic.questions.views import bp as questions_bp
    from civic.residents.proof_views import bp as residence_proof_bp
    from civic.residents.views import bp as residents_bp
    from civic.votations.views import bp as votations_bp
    from civic.votations.views import clerk_bp as votations_clerk_bp

    for bp in (
        main_bp,
        guides_bp,
        auth_bp,
        oidc_bp,
        account_bp,
        residents_bp,
        residence_proof_bp,
        admin_bp,
        meetings_bp,
        questions_bp,
        notifications_bp,
        api_bp,
        votations_bp,
        votations_clerk_bp,
        petitions_bp,
        councils_bp,
        bodies_bp,
        budget_bp,
        budget_admin_bp,
        budget_clerk_bp,
        charter_bp,
        documents_bp,
        frontdesk_bp,
        petitions_counter_bp,
        petitions_clerk_bp,
        questions_counter_bp,
        questions_clerk_bp,
        budget_counter_bp,
        councils_counter_bp,
        clerk_bp,
    ):
        app.register_blueprint(bp)


def _register_personal_data(app: Flask) -> None:
    """What each area adds to a person's data export (the account page's download)."""
    from civic.account.services import register_exporter
    from civic.bodies.requests import personal_data as document_requests_data
    from civic.frontdesk.services import personal_data as counter_data
    from civic.notifications.services import personal_data as notifications_data
    from civic.questions.services import personal_data as questions_data

    register_exporter(app, notifications_data)
    register_exporter(app, questions_data)
    register_exporter(app, document_requests_data)
    register_exporter(app, counter_data)


def _register_processings(app: Flask) -> None:
    """Each area's processings of personal data (GDPR art. 30): one register, from
    which come the forms' notices, /donnees-personnelles, the admin's register and
    the daily retention run (civic.privacy)."""
    from civic import privacy
    from civic.account.notification_privacy import PROCESSINGS as notification_choices
    from civic.account.privacy import PROCESSINGS as account
    from civic.admin.privacy import PROCESSINGS as admin
    from civic.bodies.privacy import PROCESSINGS as bodies
    from civic.budget.privacy import PROCESSINGS as budget
    from civic.councils.privacy import PROCESSINGS as councils
    from civic.frontdesk.privacy import PROCESSINGS as frontdesk
    from civic.petitions.privacy import PROCESSINGS as petitions
    from civic.questions.privacy import PROCESSINGS as questions
    from civic.residents.privacy import PROCESSINGS as residents
    from civic.votations.privacy import PROCESSINGS as votations

    for processings in (
        account,
        notification_choices,
        residents,
        petitions,
        votations,
        councils,
        bodies,
        budget,
        questions,
        frontdesk,
        admin,
    ):
        privacy.register(app, processings)
    privacy.init_app(app)


def _register_clerk_queues(app: Flask) -> None:
    """Each area's queues on the clerks' to-do list (/clerk/, civic.clerk_queues)."""
    from civic import clerk_queues
    from civic.budget.queues import QUEUES as budget
    from civic.councils.queues import QUEUES as councils
    from civic.notifications.queues import QUEUES as letters
    from civic.petitions.queues import QUEUES as petitions
    from civic.questions.queues import QUEUES as questions
    from civic.residents.queues import QUEUES as residents

    for queues in (residents, petitions, questions, budget, councils, letters):
        clerk_queues.register(app, queues)


def _register_home_cards(app: Flask) -> None:
    """What each area shows on the home page: open now, just happened (civic.home)."""
    from civic import home
    from civic.budget.home import cards as budget
    from civic.meetings.home import cards as meetings
    from civic.petitions.home import cards as petitions
    from civic.votations.home import cards as votations

    for provider in (votations, petitions, meetings, budget):
        home.register(app, provider)


def _register_template_helpers(app: Flask) -> None:
    from civic import templating

    templating.init_app(app)
