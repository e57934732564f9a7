"""Test helpers: locally minted tokens and fakes behind the same interfaces as the real adapters."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from onewindow_kit.auth import JwtAuthenticator, MandateChecker, TokenValidator
from onewindow_kit.principal import Principal

TEST_ISSUER = "http://issuer.test/realms/onewindow"
TEST_AUDIENCE = "onewindow-api"
_PROVINCES = ("11", "31", "44", "35", "51")
_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))


def random_resident_id() -> str:
    """A valid 18-digit CN resident identity number (ISO 7064 MOD 11-2 check character).

    Drawn from about 7 * 10^11 numbers (a province, four random region digits, a birth date
    in 1960-2001, a three-digit sequence): tests register persons into one shared identity
    database that keeps those of earlier runs; in the 1.5 * 10^7 numbers of one region, a
    few thousand people left there gave each run a chance of ALREADY_EXISTS for a fresh one.
    """
    born = date(1960, 1, 1) + timedelta(days=random.randint(0, 15000))
    region = random.choice(_PROVINCES) + f"{random.randint(0, 9999):04d}"
    body = f"{region}{born:%Y%m%d}{random.randint(0, 999):03d}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


class TokenFactory:
    """Mints RS256 tokens shaped like the realm's, signed by a key of its own."""

    def __init__(self, *, issuer: str = TEST_ISSUER, audience: str = TEST_AUDIENCE) -> None:
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        self.issuer = issuer
        self.audience = audience

    def token(
        self,
        *,
        subject: str | None = None,
        roles: Iterable[str] = ("citizen",),
        person_id: str = "",
        department: str = "",
        office: str = "",
        assurance_level: str = "low",
        ttl_s: int = 300,
        audience: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """A signed token with the given claims."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": subject or str(uuid.uuid4()),
            "iss": self.issuer,
            "aud": audience or self.audience,
            "iat": now,
            "exp": now + ttl_s,
            "azp": "onewindow-web",
            "realm_access": {"roles": list(roles)},
            "person_id": person_id,
            "department": department,
            "office": office,
            "assurance_level": assurance_level,
        }
        claims.update(extra or {})
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})

    def validator(self) -> TokenValidator:
        """A validator that trusts only this factory's key."""
        return TokenValidator(issuer=self.issuer, audience=self.audience, keys=StaticKeys(self))

    def authenticator(self, mandate_checker: MandateChecker | None = None) -> JwtAuthenticator:
        """The real authenticator over this factory's key."""
        return JwtAuthenticator(self.validator(), mandate_checker)


class StaticKeys:
    """A KeySource holding one factory's public key."""

    def __init__(self, factory: TokenFactory) -> None:
        self._factory = factory

    def key_for(self, token: str) -> Any:
        """The factory's public key, whatever the kid (signature checks still apply)."""
        return self._factory.private_key.public_key()


class FakeAuthenticator:
    """Authenticates every call as one fixed principal (unit tests of servicers)."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    def authenticate(self, metadata: Mapping[str, str]) -> Principal:
        """The fixed principal."""
        return self.principal


def bearer(token: str, **extra: str) -> list[tuple[str, str]]:
    """gRPC call metadata carrying a bearer token."""
    return [("authorization", f"Bearer {token}"), *extra.items()]
