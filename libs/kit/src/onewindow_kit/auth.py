"""Bearer tokens → principals, validated locally against the realm's published keys."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import jwt
from jwt import PyJWKClient

from onewindow_kit.errors import Unauthenticated, Unavailable
from onewindow_kit.principal import Principal
from onewindow_kit.revocations import RevocationSet

ACTING_FOR_HEADER = "x-acting-for"


class KeySource(Protocol):
    """Finds the public key for a token."""

    def key_for(self, token: str) -> Any:
        """The verification key for ``token``'s ``kid``."""


class JwksKeySource:
    """Keys from a JWKS URL, cached; an unknown ``kid`` triggers one refetch (key rotation)."""

    def __init__(self, jwks_url: str, *, cache_seconds: int = 300) -> None:
        self._client = PyJWKClient(jwks_url, cache_keys=True, lifespan=cache_seconds, timeout=5)

    def key_for(self, token: str) -> Any:
        """The signing key; Unauthenticated for an unknown key, Unavailable when unreachable."""
        try:
            return self._client.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientConnectionError as exc:
            raise Unavailable(f"cannot fetch the realm's signing keys: {exc}") from exc
        except (jwt.PyJWKClientError, jwt.DecodeError) as exc:
            raise Unauthenticated(f"token signed by an unknown key: {exc}") from exc


# PyJWT finds the ``kid`` by decoding and checking the whole token, which costs more than the
# RS256 signature check; keying the cache on the raw header segment (alg + kid) halves the cost
# of a resolution. Signature, expiry, issuer and audience are still verified on every call.
class HeaderCachedKeySource:
    """Keys by the token's JOSE header segment, for ``ttl_s`` (like the JWKS cache), bounded."""

    def __init__(
        self,
        inner: KeySource,
        *,
        ttl_s: float = 300.0,
        max_entries: int = 32,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._ttl = ttl_s
        self._max = max_entries
        self._clock = clock
        self._cache: OrderedDict[str, tuple[Any, float]] = OrderedDict()
        self._lock = threading.Lock()

    def key_for(self, token: str) -> Any:
        """The verification key; unknown headers go to the inner source (errors unchanged)."""
        header = token.partition(".")[0]
        hit = self._cache.get(header)
        now = self._clock()
        if hit is not None and hit[1] > now:
            return hit[0]
        key = self._inner.key_for(token)  # only successful lookups are cached
        with self._lock:
            self._cache[header] = (key, now + self._ttl)
            self._cache.move_to_end(header)
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)
        return key


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """Map Keycloak claims to a principal."""
    roles = set(claims.get("realm_access", {}).get("roles", []))
    return Principal(
        subject=str(claims.get("sub", "")),
        roles=frozenset(r for r in roles if not r.startswith("default-roles-")),
        person_id=str(claims.get("person_id", "") or ""),
        department=str(claims.get("department", "") or ""),
        office=str(claims.get("office", "") or ""),
        assurance_level=str(claims.get("assurance_level", "") or "low"),
        client_id=str(claims.get("azp", "") or ""),
        username=str(claims.get("preferred_username", "") or ""),
    )


class TokenValidator:
    """Validates signature, expiry, issuer and audience; returns the principal."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        keys: KeySource | None = None,
        leeway_s: int = 10,
        cache_size: int = 10_000,  # verified tokens kept; 0 = verify every call
        clock: Callable[[], float] = time.time,
        revocations: RevocationSet | None = None,
    ) -> None:
        if keys is None:
            if jwks_url is None:
                raise ValueError("TokenValidator needs jwks_url or keys")
            keys = HeaderCachedKeySource(JwksKeySource(jwks_url))
        self._keys = keys
        self.issuer = issuer
        self.audience = audience
        self._leeway = leeway_s
        # Tokens already verified, until they expire: a client sends the same token with many
        # calls, and the signature check is the dearest part of a small call. The token string
        # is what was signed, so a hit is exactly as valid as the first check was.
        self._verified: dict[str, tuple[Principal, float, float]] = {}
        # Locked accounts (from identity's events): their older tokens are refused at once.
        self._revocations = revocations
        self._cache_size = cache_size
        self._clock = clock
        self._lock = threading.Lock()

    def claims(self, token: str) -> dict[str, Any]:
        """Verified claims, or Unauthenticated saying why."""
        key = self._keys.key_for(token)
        try:
            return jwt.decode(
                token,
                key,
                algorithms=["RS256", "PS256", "ES256"],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise Unauthenticated(f"token is not for audience {self.audience!r}") from exc
        except jwt.InvalidIssuerError as exc:
            raise Unauthenticated("token was issued by another realm") from exc
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(f"invalid token: {exc}") from exc

    def verified(self, token: str) -> Principal | None:
        """The principal of a token verified before (cached, unexpired; revocations checked
        now), or None when ``principal`` must verify it in full. Never does I/O, so an event
        loop can answer repeat tokens without handing the call to a thread."""
        hit = self._verified.get(token)
        if hit is None or self._clock() >= hit[1]:
            return None
        return self._unrevoked(hit[0], hit[2])

    def principal(self, token: str) -> Principal:
        """The principal of a valid token."""
        known = self.verified(token)
        if known is not None:
            return known
        claims = self.claims(token)
        principal = principal_from_claims(claims)
        issued_at = float(claims["iat"])
        if self._cache_size > 0:  # cache off: every call checks the token in full
            with self._lock:
                self._verified.pop(token, None)
                while len(self._verified) >= self._cache_size:  # the oldest first
                    self._verified.pop(next(iter(self._verified)))
                self._verified[token] = (principal, float(claims["exp"]), issued_at)
        return self._unrevoked(principal, issued_at)

    def _unrevoked(self, principal: Principal, issued_at: float) -> Principal:
        revocations = self._revocations
        if revocations is not None and revocations.revoked(
            (principal.subject, principal.person_id), issued_at
        ):
            raise Unauthenticated("token was revoked: the account has been locked or disabled")
        return principal


class MandateChecker(Protocol):
    """Decides whether a principal may act for someone else right now."""

    def check(self, principal: Principal, acting_for: str) -> frozenset[str]:
        """The service types the caller may act in for ``acting_for`` now (``ALL_SERVICE_TYPES``
        for all); PermissionDenied when no valid mandate exists."""


class Authenticator(Protocol):
    """Turns call metadata into a principal."""

    def authenticate(self, metadata: Mapping[str, str]) -> Principal:
        """The caller, or Unauthenticated/PermissionDenied."""


def bearer_token(metadata: Mapping[str, str]) -> str:
    """The token from ``authorization: Bearer …``, or Unauthenticated."""
    header = metadata.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("missing bearer token in the 'authorization' metadata")
    return token.strip()


class JwtAuthenticator:
    """Local hot path: token validated against cached realm keys; mandates checked when named."""

    def __init__(self, validator: TokenValidator, mandate_checker: MandateChecker | None = None):
        self.validator = validator
        self.mandate_checker = mandate_checker

    def authenticate(self, metadata: Mapping[str, str]) -> Principal:
        """Validate the bearer token and any acting-for claim."""
        principal = self.validator.principal(bearer_token(metadata))
        acting_for = metadata.get(ACTING_FOR_HEADER, "").strip()
        if not acting_for or acting_for == principal.person_id:
            return principal
        if self.mandate_checker is None:
            raise Unauthenticated("acting for another person is not accepted by this service")
        scope = self.mandate_checker.check(principal, acting_for)
        return _with_acting_for(principal, acting_for, scope)

    def may_block(self, metadata: Mapping[str, str]) -> bool:
        """Whether authenticate() may call another service: only to check a mandate (the keys
        are cached; an unknown key id costs one JWKS fetch)."""
        return bool(metadata.get(ACTING_FOR_HEADER, "").strip()) and (
            self.mandate_checker is not None
        )


def _with_acting_for(principal: Principal, acting_for: str, scope: frozenset[str]) -> Principal:
    from dataclasses import replace

    return replace(principal, acting_for=acting_for, mandate_scope=frozenset(scope))
