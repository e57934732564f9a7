"""The header-keyed key cache: fast repeat lookups, same verification, keys expire."""

from __future__ import annotations

import pytest

from onewindow_kit.auth import HeaderCachedKeySource, TokenValidator
from onewindow_kit.errors import Unauthenticated
from onewindow_kit.testing import StaticKeys, TokenFactory


class CountingKeys:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.calls = 0

    def key_for(self, token: str):
        self.calls += 1
        return self.inner.key_for(token)


def _setup(ttl_s: float = 300.0):
    tokens = TokenFactory()
    inner = CountingKeys(StaticKeys(tokens))
    now = [0.0]
    keys = HeaderCachedKeySource(inner, ttl_s=ttl_s, clock=lambda: now[0])
    validator = TokenValidator(issuer=tokens.issuer, audience=tokens.audience, keys=keys)
    return tokens, inner, now, validator


def test_repeat_lookups_hit_the_cache_and_tokens_still_verify() -> None:
    tokens, inner, _, validator = _setup()
    first, second = tokens.token(person_id="a"), tokens.token(person_id="b")

    assert validator.principal(first).person_id == "a"
    assert validator.principal(second).person_id == "b"
    assert inner.calls == 1  # same header (alg, kid) for both tokens


def test_a_forged_signature_is_refused_even_with_a_cached_key() -> None:
    tokens, _, _, validator = _setup()
    good = tokens.token()
    validator.principal(good)
    forger = TokenFactory()
    forger.kid = tokens.kid  # same header, different private key
    with pytest.raises(Unauthenticated):
        validator.principal(forger.token())


def test_cached_keys_expire_like_the_jwks_cache() -> None:
    tokens, inner, now, validator = _setup(ttl_s=300)
    validator.principal(tokens.token())
    now[0] = 301.0
    validator.principal(tokens.token())
    assert inner.calls == 2
