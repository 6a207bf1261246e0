"""A real OpenID Connect provider for the suite, shaped like FranceConnect.

A small Flask app on Authlib's server components (authorization code grant, OpenID
Connect extension, PKCE), served on a local port in a thread: discovery, JWKS, the
authorization, token and userinfo endpoints. Like FranceConnect it signs with ES256,
takes the client secret in the token request's form (``client_secret_post``), requires
an S256 code challenge and answers userinfo with a signed JWT carrying
``given_name``, ``family_name``, ``birthdate`` and ``email``.

The authorization endpoint approves at once as ``provider.person`` (the person the
test says is at the provider's login page). ``provider.mischief`` makes it misbehave
the way an attacker or a broken provider would: ``"foreign_key"`` signs the ID token
with a key it does not publish, ``"tampered"`` changes the ID token's claims after
signing, ``"wrong_nonce"`` puts another nonce in it, ``"other_subject"`` answers
userinfo about someone else.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin, OpenIDCode
from flask import Flask, Response, jsonify, request
from joserfc import jwt
from joserfc.jwk import ECKey
from werkzeug.serving import make_server

CLIENT_ID = "civic-test-client"
CLIENT_SECRET = "civic-test-secret"  # noqa: S105  # the test provider's own client

ANGELA = {
    "sub": "b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1",
    "given_name": "Angela Claire Louise",
    "family_name": "DUBOIS",
    "birthdate": "1962-08-24",
    "email": "angela.dubois@example.net",
    "gender": "female",
    "birthplace": "75107",
    "birthcountry": "99100",
}


@dataclass
class Client(ClientMixin):
    redirect_uri: str

    def get_client_id(self) -> str:
        return CLIENT_ID

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, CLIENT_SECRET)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_post"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"

    id_token_signed_response_alg = "ES256"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    person: dict[str, str]
    acr: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str | None:
        return self.acr


class Person:
    def __init__(self, claims: dict[str, str]) -> None:
        self.claims = claims

    def get_user_id(self) -> str:
        return self.claims["sub"]


class Provider:
    """The provider's state; the Flask app reads it on every request."""

    def __init__(self) -> None:
        self.issuer = ""
        self.redirect_uri = ""
        self.key = ECKey.generate_key("P-256", parameters={"kid": "fc-1", "use": "sig"})
        # Same key id, another key: what a forger would sign with.
        self.foreign_key = ECKey.generate_key("P-256", parameters={"kid": "fc-1", "use": "sig"})
        self.person: dict[str, str] = dict(ANGELA)
        self.mischief: str | None = None
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, Person] = {}
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []

    def sign(self, claims: dict[str, Any], key: ECKey | None = None) -> str:
        return jwt.encode({"alg": "ES256", "kid": "fc-1"}, claims, key or self.key)


class _OpenIDCode(OpenIDCode):
    def __init__(self, provider: Provider) -> None:
        super().__init__(require_nonce=True)
        self.provider = provider

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return any(code.nonce == nonce for code in self.provider.codes.values())

    def resolve_client_private_key(self, client: Client) -> ECKey:
        if self.provider.mischief == "foreign_key":
            return self.provider.foreign_key
        return self.provider.key

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        return {"iss": self.provider.issuer, "aud": [CLIENT_ID]}

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": "ES256", "kid": "fc-1"}

    def get_authorization_code_claims(self, authorization_code: Code) -> dict[str, Any]:
        claims = super().get_authorization_code_claims(authorization_code)
        if self.provider.mischief == "wrong_nonce":
            claims["nonce"] = "a-nonce-from-another-login-attempt"
        return claims

    def generate_user_info(self, user: Person, scope: str) -> dict[str, Any]:
        # FranceConnect's ID token says who (sub), not the identity: that is userinfo's.
        return {"sub": user.get_user_id()}

    def encode_id_token(self, token: Any, request: Any) -> str:
        id_token = str(super().encode_id_token(token, request))
        if self.provider.mischief == "tampered":
            header, payload, signature = id_token.split(".")
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            claims["sub"] = "someone-else"
            forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
            id_token = f"{header}.{forged.decode()}.{signature}"
        return id_token


def _grant(provider: Provider) -> type[grants.AuthorizationCodeGrant]:
    class Grant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_post"]

        def save_authorization_code(self, code: str, request: Any) -> None:
            data = request.payload.data
            provider.codes[code] = Code(
                code=code,
                redirect_uri=request.payload.redirect_uri,
                scope=request.payload.scope,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                person=dict(provider.person),
                acr=data.get("acr_values"),
            )

        def query_authorization_code(self, code: str, client: Client) -> Code | None:
            return provider.codes.get(code)

        def delete_authorization_code(self, authorization_code: Code) -> None:
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> Person:
            return Person(authorization_code.person)

    return Grant


def _app(provider: Provider) -> Flask:
    app = Flask("oidc_test_provider")
    # FranceConnect's access tokens live 60 seconds.
    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": 60}

    def save_token(token: dict[str, Any], request: Any) -> None:
        provider.tokens[token["access_token"]] = request.user

    server = AuthorizationServer(app, query_client=_query_client(provider), save_token=save_token)
    server.register_grant(_grant(provider), [CodeChallenge(required=True), _OpenIDCode(provider)])

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Response:
        base = provider.issuer
        return jsonify(
            issuer=base,
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            userinfo_endpoint=f"{base}/userinfo",
            jwks_uri=f"{base}/jwks",
            end_session_endpoint=f"{base}/session/end",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            scopes_supported=[
                "openid",
                "given_name",
                "family_name",
                "birthdate",
                "email",
                "gender",
                "birthplace",
                "birthcountry",
            ],
            acr_values_supported=["eidas1"],
            token_endpoint_auth_methods_supported=["client_secret_post"],
            id_token_signing_alg_values_supported=["ES256"],
            userinfo_signing_alg_values_supported=["ES256"],
            code_challenge_methods_supported=["S256"],
        )

    @app.get("/jwks")
    def jwks() -> Response:
        return jsonify(keys=[provider.key.as_dict(private=False, use="sig", alg="ES256")])

    @app.get("/authorize")
    def authorize() -> Any:
        provider.authorize_requests.append(request.args.to_dict())
        if request.args.get("code_challenge_method") != "S256":
            return Response("PKCE (S256) is required", status=400)
        person = Person(provider.person)
        grant = server.get_consent_grant(end_user=person)
        return server.create_authorization_response(grant=grant, grant_user=person)

    @app.post("/token")
    def token() -> Any:
        provider.token_requests.append(request.form.to_dict())
        return server.create_token_response()

    @app.get("/userinfo")
    def userinfo() -> Response:
        bearer = request.headers.get("Authorization", "")
        person = provider.tokens.get(bearer.removeprefix("Bearer "))
        if person is None:
            return Response(status=401)
        claims = {**person.claims, "iss": provider.issuer, "aud": CLIENT_ID}
        if provider.mischief == "other_subject":
            claims["sub"] = "someone-else"
        return Response(provider.sign(claims), content_type="application/jwt")

    return app


def _query_client(provider: Provider) -> Any:
    def query(client_id: str) -> Client | None:
        return Client(provider.redirect_uri) if client_id == CLIENT_ID else None

    return query


@contextmanager
def running_provider(redirect_uri: str) -> Iterator[Provider]:
    """Serve a provider on a free local port for the duration of the block."""
    provider = Provider()
    provider.redirect_uri = redirect_uri
    server = make_server("127.0.0.1", 0, _app(provider), threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=5)
