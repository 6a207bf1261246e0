"""The OpenID Connect exchange with the identity provider (civic.auth.oidc's views).

Authlib's Flask client does the protocol: PKCE (S256), state and nonce kept in the
session, the code exchanged for tokens, the ID token's signature checked against the
provider's JWKS (fetched again when a key id is unknown) and its claims (issuer,
audience, expiry, nonce, ``at_hash``). Here: the userinfo endpoint (a signed JWT at
FranceConnect, checked with the same keys; its ``sub`` must be the ID token's) and the
claims read into a ``VouchedIdentity``. Every failure becomes a ``ProviderRefusal``
with a message for the person; nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import current_app, request
from flask_babel import gettext as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from requests import RequestException

from civic.auth import oidc_accounts
from civic.auth.oidc_accounts import VouchedIdentity

# What a failed exchange with the provider can raise besides Authlib's and joserfc's
# errors: the network, and a malformed answer.
UNREACHABLE = (RequestException, ValueError, KeyError, RuntimeError)


def configured() -> bool:
    config = current_app.config
    return bool(
        (config["OIDC_ISSUER"] or config["OIDC_DISCOVERY_URL"])
        and config["OIDC_CLIENT_ID"]
        and config["OIDC_CLIENT_SECRET"]
    )


def provider_name() -> str:
    config = current_app.config
    source = config["OIDC_ISSUER"] or config["OIDC_DISCOVERY_URL"] or ""
    return str(config["OIDC_PROVIDER_NAME"] or urlsplit(source).hostname or source)


def client_app() -> Any:
    """Authlib's client for this app, built on first use (discovery is fetched then)."""
    oauth = current_app.extensions.get("civic_oidc")
    if oauth is None:
        config = current_app.config
        issuer = str(config["OIDC_ISSUER"] or "").rstrip("/")
        discovery = config["OIDC_DISCOVERY_URL"] or f"{issuer}/.well-known/openid-configuration"
        oauth = OAuth(current_app)
        oauth.register(
            "oidc",
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config["OIDC_CLIENT_SECRET"],
            server_metadata_url=discovery,
            client_kwargs={
                "scope": config["OIDC_SCOPES"],
                "code_challenge_method": "S256",
                "default_timeout": config["OIDC_TIMEOUT"],
                # FranceConnect's access tokens live 60 s: Authlib's default leeway
                # (60 s) would take them for expired before userinfo is asked.
                "leeway": 5,
            },
        )
        current_app.extensions["civic_oidc"] = oauth
    return oauth.create_client("oidc")


class ProviderRefusal(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def vouched_identity() -> VouchedIdentity:
    """Finish the flow: the checked ID token and userinfo, as a vouched identity."""
    provider = provider_name()
    if request.args.get("error"):
        raise ProviderRefusal(
            _("La connexion avec %(provider)s a été annulée ou refusée.", provider=provider)
        )
    client = client_app()
    try:
        metadata = client.load_server_metadata()
        client.client_kwargs["token_endpoint_auth_method"] = _auth_method(metadata)
        token = client.authorize_access_token()
        if "userinfo" not in token:
            raise ProviderRefusal(_refused(provider))
        claims = dict(token["userinfo"])
        if metadata.get("userinfo_endpoint"):
            claims |= _userinfo(client, metadata, token, claims["sub"])
    except OAuthError as error:
        current_app.logger.warning("identity provider's answer refused: %r", error, exc_info=True)
        if error.error == "mismatching_state":
            raise ProviderRefusal(
                _(
                    "Cette réponse de %(provider)s ne correspond à aucune connexion commencée "
                    "dans ce navigateur, ou elle a déjà servi. Recommencez.",
                    provider=provider,
                )
            ) from error
        raise ProviderRefusal(_refused(provider)) from error
    except JoseError as error:
        current_app.logger.warning("identity provider's token refused: %r", error)
        raise ProviderRefusal(_refused(provider)) from error
    except UNREACHABLE as error:
        current_app.logger.warning("identity provider unreachable", exc_info=True)
        raise ProviderRefusal(unreachable()) from error
    return _identity_from(claims, issuer=str(metadata["issuer"]), provider=provider)


def _userinfo(client: Any, metadata: dict[str, Any], token: Any, subject: str) -> dict[str, Any]:
    """The userinfo endpoint's claims: JSON, or a JWT signed with the provider's keys
    (FranceConnect); about the ID token's subject, else refused."""
    response = client.get(metadata["userinfo_endpoint"], token=token)
    response.raise_for_status()
    if response.headers.get("Content-Type", "").split(";")[0].strip() == "application/jwt":
        algorithms = metadata.get("userinfo_signing_alg_values_supported") or metadata.get(
            "id_token_signing_alg_values_supported"
        )
        registry = JWSRegistry(algorithms=algorithms)
        try:
            keys = KeySet.import_key_set(client.fetch_jwk_set())
            decoded = jwt.decode(response.text, keys, registry=registry)
        except JoseError:
            keys = KeySet.import_key_set(client.fetch_jwk_set(force=True))
            decoded = jwt.decode(response.text, keys, registry=registry)
        jwt.JWTClaimsRegistry(
            iss={"essential": False, "value": metadata["issuer"]},
            aud={"essential": False, "value": client.client_id},
        ).validate(decoded.claims)
        claims: dict[str, Any] = dict(decoded.claims)
    else:
        claims = dict(response.json())
    if claims.get("sub") != subject:
        raise ProviderRefusal(_refused(provider_name()))
    return claims


def _identity_from(claims: dict[str, Any], *, issuer: str, provider: str) -> VouchedIdentity:
    family = claims.get("family_name")
    given = claims.get("given_name")
    birthdate = claims.get("birthdate")
    if not isinstance(family, str) or not isinstance(birthdate, str) or not family.strip():
        raise ProviderRefusal(
            _(
                "%(provider)s n'a pas transmis votre nom de famille et votre date de naissance. "
                "Créez un compte avec le formulaire.",
                provider=provider,
            )
        )
    try:
        birth_date = date.fromisoformat(birthdate) if len(birthdate) == 10 else None
    except ValueError:
        birth_date = None
    if birth_date is None:
        raise ProviderRefusal(
            _(
                "%(provider)s n'a pas transmis de date de naissance complète. "
                "Créez un compte avec le formulaire.",
                provider=provider,
            )
        )
    email = claims.get("email")
    verified = claims.get("email_verified")
    return VouchedIdentity(
        issuer=issuer,
        subject=str(claims["sub"])[:255],
        provider=provider[:80],
        family_name=" ".join(family.split())[: oidc_accounts.FAMILY_NAME_MAX],
        given_names=" ".join(str(given or "").split())[: oidc_accounts.GIVEN_NAMES_MAX],
        birth_date=birth_date,
        email=email.strip()[:254] if isinstance(email, str) and email.strip() else None,
        email_verified=verified if isinstance(verified, bool) else None,
    )


def _auth_method(metadata: dict[str, Any]) -> str:
    # The spec's default is HTTP Basic; FranceConnect takes the secret in the form.
    supported = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return "client_secret_basic" if "client_secret_basic" in supported else "client_secret_post"


def _refused(provider: str) -> str:
    return _(
        "La réponse de %(provider)s n'a pas pu être vérifiée (signature, jeton ou "
        "identité invalide) : vous n'êtes pas connecté·e. Recommencez.",
        provider=provider,
    )


def unreachable() -> str:
    return _(
        "Le fournisseur d'identité ne répond pas pour le moment. Réessayez plus tard, ou "
        "connectez-vous avec votre adresse et votre mot de passe."
    )
