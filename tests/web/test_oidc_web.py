"""Sign in with an identity provider (OpenID Connect, FranceConnect-compatible),
against a real provider served on a local port (tests/support/oidc_provider.py):
the browser's redirects, the token exchange, the signature and claim checks all
happen as they do in production."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from civic.database import write_intent
from civic.extensions import db
from civic.models import Neighbourhood, ProviderIdentity, User, UserSession
from civic.privacy.accounts import close_accounts
from tests.conftest import PASSWORD, People, post
from tests.support.oidc_provider import ANGELA, CLIENT_ID, CLIENT_SECRET, Provider, running_provider
from tests.support.second_factor import SECOND_STEP, current_code

CALLBACK = "http://localhost/auth/oidc/callback"


@pytest.fixture
def provider(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    # The test provider speaks plain HTTP on 127.0.0.1; Authlib insists on HTTPS else.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with running_provider(CALLBACK) as served:
        app.config.update(
            OIDC_ISSUER=served.issuer,
            OIDC_CLIENT_ID=CLIENT_ID,
            OIDC_CLIENT_SECRET=CLIENT_SECRET,
            OIDC_PROVIDER_NAME="FranceConnect",
            OIDC_ACR_VALUES="eidas1",
        )
        yield served


@pytest.fixture
def hood(app: Flask) -> int:
    with app.app_context():
        neighbourhood = Neighbourhood(name="Saint-Pregts", population=3000)
        db.session.add(neighbourhood)
        db.session.commit()
        return neighbourhood.id


def at_provider(client: FlaskClient) -> str:
    """Press the button; the browser goes to the provider, which sends it back: the
    address it is sent back to."""
    start = post(client, "/auth/login")  # a page with the CSRF token, as a browser has
    start = post(client, "/auth/oidc/login")
    assert start.status_code == 302, start.get_data(as_text=True)[:300]
    answer = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    back = answer.headers["Location"]
    assert back.startswith(CALLBACK + "?")
    return back


def come_back(client: FlaskClient, address: str) -> Any:
    parts = urlsplit(address)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client: FlaskClient) -> Any:
    return come_back(client, at_provider(client))


def residence(hood: int, **changes: str) -> dict[str, str]:
    data = {
        "email": ANGELA["email"],
        "address": "12 rue Thénard",
        "neighbourhood_id": str(hood),
        "lives_here": "y",
    }
    data.update(changes)
    return data


def shown(client: FlaskClient, response: Any) -> str:
    """The page a redirect leads to (with its flashed message), or the page itself."""
    if response.status_code == 302:
        response = client.get(urlsplit(response.headers["Location"]).path)
    return html.unescape(response.get_data(as_text=True))


def accounts(app: Flask) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(select(User).order_by(User.id)))


def provider_rows(app: Flask) -> list[tuple[int, str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(ProviderIdentity.user_id, ProviderIdentity.issuer, ProviderIdentity.subject)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_without_a_provider_the_button_is_hidden_and_the_routes_answer_404(
    client: FlaskClient,
) -> None:
    assert "Se connecter avec" not in client.get("/auth/login").get_data(as_text=True)
    assert "Se connecter avec" not in client.get("/auth/register").get_data(as_text=True)
    assert post(client, "/auth/oidc/login").status_code == 404
    assert client.get("/auth/oidc/callback?code=x&state=y").status_code == 404
    assert client.get("/auth/oidc/register").status_code == 404


def test_a_provider_that_does_not_answer_is_told_plainly_not_a_500(
    app: Flask, client: FlaskClient
) -> None:
    app.config.update(
        OIDC_ISSUER="http://127.0.0.1:9",  # the discard port: nobody answers there
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_PROVIDER_NAME="FranceConnect",
        OIDC_TIMEOUT=2,
    )
    response = post(client, "/auth/oidc/login")
    assert response.status_code == 302
    assert "Le fournisseur d'identité ne répond pas pour le moment" in shown(client, response)
    assert client.get("/auth/oidc/callback?code=x&state=y").status_code == 302


def test_with_a_provider_the_login_and_registration_pages_offer_its_button(
    client: FlaskClient, provider: Provider
) -> None:
    for page in ("/auth/login", "/auth/register"):
        html = client.get(page).get_data(as_text=True)
        assert "Se connecter avec FranceConnect" in html
        assert 'action="/auth/oidc/login"' in html


def test_the_flow_sends_state_nonce_pkce_and_franceconnect_parameters(
    client: FlaskClient, provider: Provider
) -> None:
    back = at_provider(client)
    asked = provider.authorize_requests[-1]
    assert asked["response_type"] == "code"
    assert asked["scope"] == "openid given_name family_name birthdate email"
    assert asked["acr_values"] == "eidas1"
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) >= 43
    assert len(asked["state"]) >= 22 and len(asked["nonce"]) >= 22
    assert asked["redirect_uri"] == CALLBACK
    assert parse_qs(urlsplit(back).query)["state"] == [asked["state"]]
    come_back(client, back)
    exchanged = provider.token_requests[-1]
    assert exchanged["client_secret"] == CLIENT_SECRET  # client_secret_post, as FranceConnect
    assert len(exchanged["code_verifier"]) >= 43


def test_a_first_sign_in_opens_an_account_with_the_providers_identity_pending_residence(
    app: Flask, client: FlaskClient, provider: Provider, hood: int
) -> None:
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/oidc/register")
    page = client.get("/auth/oidc/register").get_data(as_text=True)
    assert "Identité fournie par FranceConnect" in page
    assert "DUBOIS" in page and "Angela Claire Louise" in page and "1962" in page
    # Names and birth date are shown, never offered for editing.
    assert 'name="family_name"' not in page and 'name="birth_date"' not in page
    assert f'value="{ANGELA["email"]}"' in page

    # Names posted anyway are ignored: the provider's identity is the account's.
    done = post(client, "/auth/oidc/register", residence(hood, family_name="Autre"))
    assert done.status_code == 302
    assert "Un agent de la mairie vérifiera votre résidence" in shown(client, done)
    assert "DUBOIS" in client.get("/account/").get_data(as_text=True)

    [user] = accounts(app)
    assert (user.family_name, user.given_names) == ("DUBOIS", "Angela Claire Louise")
    assert user.birth_date == date(1962, 8, 24)
    assert user.identity_provider == "FranceConnect"
    assert user.verification == "unverified"
    assert user.password_hash is None
    # The provider's own address needs no second confirmation.
    assert user.email == ANGELA["email"] and user.email_confirmed_at is not None
    assert provider_rows(app) == [(user.id, provider.issuer, ANGELA["sub"])]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_the_clerk_checking_residence_sees_whose_identity_the_provider_vouched_for(
    app: Flask, client: FlaskClient, provider: Provider, people: People, hood: int
) -> None:
    sign_in(client)
    post(client, "/auth/oidc/register", residence(hood))
    clerk = People(app, app.test_client())
    clerk.make("clerk", roles=("clerk",))
    clerk.login("clerk")
    queue = clerk.client.get("/clerk/residents").get_data(as_text=True)
    assert "DUBOIS" in queue and "Identité fournie par FranceConnect" in queue


def test_another_address_than_the_providers_is_confirmed_by_mail(
    app: Flask, client: FlaskClient, provider: Provider, hood: int, outbox: list[Any]
) -> None:
    sign_in(client)
    post(client, "/auth/oidc/register", residence(hood, email="angela@example.org"))
    [user] = accounts(app)
    assert user.email == "angela@example.org" and user.email_confirmed_at is None
    assert [mail.to for mail in outbox] == [["angela@example.org"]]
    assert "/auth/confirm/" in outbox[0].body


def test_the_same_person_returning_logs_into_the_same_account(
    app: Flask, client: FlaskClient, provider: Provider, hood: int
) -> None:
    sign_in(client)
    post(client, "/auth/oidc/register", residence(hood))
    post(client, "/auth/logout")
    assert client.get("/account/").status_code == 302

    again = sign_in(client)
    assert again.status_code == 302 and again.headers["Location"].endswith("/")
    assert "Vous êtes connecté·e." in shown(client, again)
    assert "DUBOIS" in client.get("/account/").get_data(as_text=True)
    assert len(accounts(app)) == 1


def test_a_staff_account_reached_through_the_provider_still_needs_its_second_factor(
    app: Flask, client: FlaskClient, provider: Provider, people: People
) -> None:
    clerk = people.make("clerk", roles=("clerk",))
    with app.app_context():
        db.session.add(
            ProviderIdentity(user_id=clerk, issuer=provider.issuer, subject=ANGELA["sub"])
        )
        db.session.commit()
    response = sign_in(client)
    assert response.headers["Location"].endswith(SECOND_STEP)
    assert client.get("/clerk/residents").status_code == 302  # no session yet
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    done = post(client, SECOND_STEP, {"code": current_code(app, "clerk@example.org")})
    assert done.status_code == 302
    assert client.get("/clerk/residents").status_code == 200


def test_a_closed_account_keeps_no_tie_to_the_provider_and_its_person_may_register_again(
    app: Flask, client: FlaskClient, provider: Provider, hood: int
) -> None:
    sign_in(client)
    post(client, "/auth/oidc/register", residence(hood))
    post(client, "/auth/logout")
    [user] = accounts(app)
    with app.app_context(), write_intent():
        close_accounts(User.id == user.id, now=datetime.now(UTC))
        db.session.commit()
    assert provider_rows(app) == []  # the provider's subject names the person there
    again = sign_in(client)
    assert again.headers["Location"].endswith("/auth/oidc/register")
    post(client, "/auth/oidc/register", residence(hood))
    assert [u.deleted_at is None for u in accounts(app)] == [False, True]


def test_deleting_an_account_removes_its_tie_to_the_provider(
    app: Flask, client: FlaskClient, provider: Provider, people: People
) -> None:
    angela = people.make("angela")
    with app.app_context():
        link = ProviderIdentity(user_id=angela, issuer=provider.issuer, subject=ANGELA["sub"])
        db.session.add(link)
        db.session.commit()
    people.login("angela")
    post(client, "/account/delete", {"password": PASSWORD})
    assert provider_rows(app) == []


def test_the_registration_form_is_rate_limited_as_registration_is(
    app: Flask, client: FlaskClient, provider: Provider, hood: int
) -> None:
    # Each post may mail the owner of an address: it cannot be repeated at will.
    app.config["RATELIMIT_REGISTER"] = "2 per hour"
    sign_in(client)
    incomplete = residence(hood, address="")
    assert post(client, "/auth/oidc/register", incomplete).status_code == 200
    assert post(client, "/auth/oidc/register", incomplete).status_code == 200
    assert post(client, "/auth/oidc/register", incomplete).status_code == 429


@pytest.mark.parametrize("mischief", ["foreign_key", "tampered", "wrong_nonce", "other_subject"])
def test_a_token_that_fails_its_checks_is_refused_with_a_message_and_changes_nothing(
    app: Flask, client: FlaskClient, provider: Provider, mischief: str
) -> None:
    provider.mischief = mischief
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/login")
    page = shown(client, response)
    assert "La réponse de FranceConnect n'a pas pu être vérifiée" in page
    assert client.get("/auth/oidc/register").status_code == 302  # nothing vouched for
    assert client.get("/account/").status_code == 302  # not logged in
    assert accounts(app) == [] and provider_rows(app) == []


def test_an_answer_with_another_state_is_refused(
    app: Flask, client: FlaskClient, provider: Provider
) -> None:
    back = urlsplit(at_provider(client))
    query = parse_qs(back.query)
    query["state"] = ["a-state-this-browser-never-sent"]
    response = client.get(f"{back.path}?{urlencode(query, doseq=True)}")
    assert "ne correspond à aucune connexion commencée dans ce navigateur" in shown(
        client, response
    )
    assert client.get("/auth/oidc/register").status_code == 302
    assert accounts(app) == []


def test_an_answer_cannot_be_replayed_nor_used_in_another_browser(
    app: Flask, client: FlaskClient, provider: Provider
) -> None:
    back = at_provider(client)
    other_browser = app.test_client()
    refused = come_back(other_browser, back)
    assert "ne correspond à aucune connexion" in shown(other_browser, refused)
    come_back(client, back)
    replayed = come_back(client, back)
    assert "ne correspond à aucune connexion" in shown(client, replayed)


def test_a_refusal_at_the_provider_is_told_plainly(client: FlaskClient, provider: Provider) -> None:
    back = urlsplit(at_provider(client))
    state = parse_qs(back.query)["state"][0]
    response = client.get(f"{back.path}?error=access_denied&state={state}")
    assert "La connexion avec FranceConnect a été annulée ou refusée." in shown(client, response)


def test_a_second_account_for_the_same_person_is_refused_and_the_owner_told(
    app: Flask,
    client: FlaskClient,
    provider: Provider,
    people: People,
    hood: int,
    outbox: list[Any],
) -> None:
    # The same person already has a password account, typed in another way.
    owner = people.make(
        "angela",
        family_name="Dubois",
        given_names="Angèla Claire-Louise",
        birth_date=date(1962, 8, 24),
    )
    sign_in(client)
    response = post(client, "/auth/oidc/register", residence(hood))
    assert "Vérifiez votre messagerie" in response.get_data(as_text=True)  # as registration
    assert [user.id for user in accounts(app)] == [owner]
    assert provider_rows(app) == []  # the password account is not tied behind its back
    assert [mail.subject for mail in outbox] == ["Tentative d'inscription à votre nom"]
    assert outbox[0].to == ["angela@example.org"]


def test_an_address_at_the_provider_never_takes_over_the_account_of_that_address(
    app: Flask,
    client: FlaskClient,
    provider: Provider,
    people: People,
    hood: int,
    outbox: list[Any],
) -> None:
    victim = people.make("victim")
    # Someone else, whose provider account claims the victim's address.
    provider.person = {**ANGELA, "email": "victim@example.org"}
    first = sign_in(client)
    assert first.headers["Location"].endswith("/auth/oidc/register")  # not the victim's
    assert client.get("/account/").status_code == 302
    response = post(client, "/auth/oidc/register", residence(hood, email="victim@example.org"))
    assert "Vérifiez votre messagerie" in response.get_data(as_text=True)
    assert [user.id for user in accounts(app)] == [victim]
    assert provider_rows(app) == []
    assert client.get("/account/").status_code == 302
    assert [mail.to for mail in outbox] == [["victim@example.org"]]


def test_a_person_under_sixteen_is_told_and_nothing_is_kept(
    app: Flask, client: FlaskClient, provider: Provider
) -> None:
    provider.person = {**ANGELA, "birthdate": date(date.today().year - 12, 1, 1).isoformat()}
    page = shown(client, sign_in(client))
    assert "16 ans" in page
    assert client.get("/auth/oidc/register").status_code == 302
    assert accounts(app) == []


def test_a_provider_that_sends_no_birth_date_is_told_plainly(
    app: Flask, client: FlaskClient, provider: Provider
) -> None:
    provider.person = {k: v for k, v in ANGELA.items() if k != "birthdate"}
    page = shown(client, sign_in(client))
    assert "FranceConnect n'a pas transmis votre nom de famille et votre date de naissance" in page
    assert accounts(app) == []
