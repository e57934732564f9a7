"""The header-keyed key cache: fast repeat lookups, same verification, keys expire."""

from __future__ import annotations

import jwt
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


def _validator_with_clock():
    tokens = TokenFactory()
    keys = CountingKeys(StaticKeys(tokens))
    now = [1000.0]
    validator = TokenValidator(
        issuer=tokens.issuer, audience=tokens.audience, keys=keys, clock=lambda: now[0],
        cache_size=2,
    )  # fmt: skip
    return tokens, keys, now, validator


def test_a_token_verified_once_is_not_verified_again_until_it_expires() -> None:
    tokens, keys, now, validator = _validator_with_clock()
    token = tokens.token(person_id="a", ttl_s=60)
    exp = jwt.decode(token, options={"verify_signature": False})["exp"]

    now[0] = exp - 1
    assert validator.principal(token).person_id == "a"
    assert validator.principal(token).person_id == "a"
    assert keys.calls == 1  # the second call was answered from the verified tokens

    now[0] = exp  # expired for the cache: checked again (here still inside jwt's leeway)
    validator.principal(token)
    assert keys.calls == 2


def test_the_verified_token_cache_is_bounded_and_never_trusts_a_different_token() -> None:
    tokens, keys, _, validator = _validator_with_clock()
    a, b, c = (tokens.token(person_id=p, ttl_s=600) for p in "abc")
    for token in (a, b, c):
        validator.principal(token)
    assert keys.calls == 3
    validator.principal(a)  # evicted (size 2): verified again
    assert keys.calls == 4
    forger = TokenFactory()
    forger.kid = tokens.kid
    with pytest.raises(Unauthenticated):
        validator.principal(forger.token(person_id="a", ttl_s=600))


def test_with_the_cache_off_every_call_verifies_the_token_in_full() -> None:
    tokens = TokenFactory()
    keys = CountingKeys(StaticKeys(tokens))
    validator = TokenValidator(
        issuer=tokens.issuer, audience=tokens.audience, keys=keys, cache_size=0
    )
    token = tokens.token(person_id="a", ttl_s=600)
    for _ in range(3):
        assert validator.principal(token).person_id == "a"
    assert keys.calls == 3  # no call was answered from a cache
