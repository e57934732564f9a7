"""Ed25519 signing with a key ring: one current key signs, retired keys still verify.

The ring lives beside the configured key file (``ONEWINDOW_DOCUMENTS_SIGNING_KEY``, by default a
dev key generated under var/): that file is the first key; ``rotate-key`` adds ``<kid>.pem`` files
and ``keyring.json``, the manifest naming every key with its validity period. Running processes
notice a changed manifest on their next use, so a rotation needs no restart.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from onewindow_documents.service_layer.ports import InvalidJws, PublicKey
from onewindow_kit.logging import get_logger
from onewindow_kit.settings import SettingsError

log = get_logger("onewindow.documents.signing")
MANIFEST = "keyring.json"
JWS_TYPE = "onewindow-certificate+jwt"
_JWS = jwt.PyJWS(algorithms=["EdDSA"])


_B64URL = re.compile(r"[A-Za-z0-9_-]+")


def _b64decode(segment: str) -> bytes:
    """A base64url segment (alphabet already checked) without its padding."""
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def b64url(data: bytes) -> str:
    """Unpadded base64url (JOSE)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(key: Ed25519PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key (the ids certificates carry)."""
    return hashlib.sha256(_raw_public(key)).hexdigest()[:16]


@dataclass(frozen=True)
class RingKey:
    """One key of the ring; ``private`` only where this process may sign with it."""

    public: Ed25519PublicKey
    valid_from: datetime
    retired_at: datetime | None = None
    private: Ed25519PrivateKey | None = None
    file: str = ""

    @property
    def kid(self) -> str:
        return key_id_of(self.public)


class KeyRing:
    """The Signer port: signs with the current key, verifies with any key of the ring."""

    def __init__(self, keys: list[RingKey], reload: Callable[[], list[RingKey]] | None = None):
        self._reload = reload
        self._set(keys)

    def _set(self, keys: list[RingKey]) -> None:
        current = [k for k in keys if k.retired_at is None and k.private is not None]
        if len(current) != 1:
            raise SettingsError(
                "ONEWINDOW_DOCUMENTS_SIGNING_KEY: the key ring needs one current key"
            )
        self._keys = {k.kid: k for k in keys}
        self._current = current[0]

    @classmethod
    def generate(cls, valid_from: datetime | None = None) -> KeyRing:
        """A ring of one fresh key, in memory (tests)."""
        private = Ed25519PrivateKey.generate()
        moment = valid_from or datetime.now(UTC)
        return cls([RingKey(private.public_key(), moment, private=private)])

    def rotate(self, now: datetime) -> str:
        """In memory: retire the current key, sign from now on with a fresh one (tests)."""
        keys = rotated(list(self._keys.values()), Ed25519PrivateKey.generate(), now)
        self._set(keys)
        return self._current.kid

    def refresh(self) -> None:
        """Re-read the ring when it is file-backed and the manifest changed."""
        if self._reload is not None:
            self._set(self._reload())

    @property
    def key_id(self) -> str:
        self.refresh()
        return self._current.kid

    def sign_jws(self, payload: bytes) -> tuple[str, str]:
        self.refresh()
        key = self._current
        assert key.private is not None  # _set keeps only a key with its private half as current
        headers = {"kid": key.kid, "typ": JWS_TYPE}
        return _JWS.encode(payload, key.private, algorithm="EdDSA", headers=headers), key.kid

    def _key(self, kid: str) -> RingKey | None:
        if kid not in self._keys:
            self.refresh()  # rotated by another process since we last looked
        return self._keys.get(kid)

    def verify_jws(self, token: str) -> tuple[bytes, str]:
        # RFC 7515 §5.2 by hand over cryptography's Ed25519: PyJWS checks the alphabet one
        # character at a time in Python and parses the header twice, which halves the rate.
        parts = token.split(".")
        if len(parts) != 3 or not all(_B64URL.fullmatch(p) for p in parts):
            raise InvalidJws("not a compact JWS")
        try:
            header = json.loads(_b64decode(parts[0]))
        except ValueError as exc:
            raise InvalidJws("the JWS header is not JSON") from exc
        if not isinstance(header, dict) or header.get("alg") != "EdDSA" or "crit" in header:
            raise InvalidJws("not an EdDSA JWS of ours")
        kid = str(header.get("kid", ""))
        key = self._key(kid)
        if key is None:
            raise InvalidJws("signed with a key that is not ours")
        try:
            key.public.verify(_b64decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
        except (InvalidSignature, ValueError) as exc:
            raise InvalidJws("the signature does not match the certificate") from exc
        return _b64decode(parts[1]), kid

    def verify(self, data: bytes, signature: str, key_id: str) -> bool:
        key = self._key(key_id) if key_id else self._current
        if key is None:
            return False
        try:
            key.public.verify(base64.b64decode(signature, validate=True), data)
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True

    def public_keys(self) -> list[PublicKey]:
        self.refresh()
        keys = sorted(self._keys.values(), key=lambda k: (k.valid_from, k.kid))
        return [
            PublicKey(k.kid, b64url(_raw_public(k.public)), k.valid_from, k.retired_at)
            for k in keys
        ]


def rotated(keys: list[RingKey], fresh: Ed25519PrivateKey, now: datetime) -> list[RingKey]:
    """``keys`` with the current one retired at ``now`` and ``fresh`` current from ``now``."""
    kept = [k if k.retired_at is not None else replace(k, retired_at=now) for k in keys]
    new = RingKey(
        fresh.public_key(), now, private=fresh, file=f"{key_id_of(fresh.public_key())}.pem"
    )
    return [*kept, new]


def jwk(key: PublicKey) -> dict[str, Any]:
    """RFC 8037 OKP JWK, with the validity period as extra members (seconds since the epoch)."""
    entry: dict[str, Any] = {
        "kty": "OKP",
        "crv": "Ed25519",
        "alg": "EdDSA",
        "use": "sig",
        "kid": key.kid,
        "x": key.x,
        "valid_from": int(key.valid_from.timestamp()),
    }
    if key.retired_at is not None:
        entry["retired_at"] = int(key.retired_at.timestamp())
    return entry


def jwk_set(keys: list[PublicKey]) -> dict[str, Any]:
    """The JWK Set (RFC 7517 §5) of the ring."""
    return {"keys": [jwk(k) for k in keys]}


# -- the ring on disk -------------------------------------------------------------------------


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_private(path: Path, key: Ed25519PrivateKey) -> bool:
    """Write a key file readable by its owner only; False when ``path`` already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(_pem(key))
    try:
        os.link(tmp, path)  # atomic; another process starting at once may have won
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _read_private(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SettingsError(f"ONEWINDOW_DOCUMENTS_SIGNING_KEY: {path} is not an Ed25519 key")
    return key


def _first_key(path: Path, *, configured: bool) -> RingKey:
    """The configured key file; when not configured and missing, a dev key generated there."""
    if not path.exists():
        if configured:
            raise SettingsError(f"ONEWINDOW_DOCUMENTS_SIGNING_KEY: no key file at {path}")
        if _write_private(path, Ed25519PrivateKey.generate()):
            log.warning(
                "signing_key_generated_dev_only",
                path=str(path),
                hint="DEV ONLY: set ONEWINDOW_DOCUMENTS_SIGNING_KEY to a managed Ed25519 PEM file",
            )
    key = _read_private(path)
    since = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
    return RingKey(key.public_key(), since, private=key, file=path.name)


def _from_manifest(directory: Path, data: dict[str, Any]) -> list[RingKey]:
    keys = []
    for entry in data["keys"]:
        raw = base64.urlsafe_b64decode(entry["x"] + "==")
        retired = entry.get("retired_at")
        private = None
        if retired is None:
            private = _read_private(directory / entry["file"])
        keys.append(
            RingKey(
                Ed25519PublicKey.from_public_bytes(raw),
                datetime.fromisoformat(entry["valid_from"]),
                datetime.fromisoformat(retired) if retired else None,
                private,
                entry["file"],
            )
        )
    return keys


def _manifest(keys: list[RingKey]) -> dict[str, Any]:
    return {
        "keys": [
            {
                "kid": k.kid,
                "file": k.file,
                "x": b64url(_raw_public(k.public)),
                "valid_from": k.valid_from.isoformat(),
                "retired_at": k.retired_at.isoformat() if k.retired_at else None,
            }
            for k in keys
        ]
    }


class _FileRing:
    """Reads the ring from disk again only when the manifest's mtime changed."""

    def __init__(self, path: Path, configured: bool) -> None:
        self.path, self.configured = path, configured
        self.manifest = path.parent / MANIFEST
        self._seen: float | None = None
        self._keys: list[RingKey] = []

    def _mtime(self) -> float | None:
        try:
            return self.manifest.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def __call__(self) -> list[RingKey]:
        mtime = self._mtime()
        if self._keys and mtime == self._seen:
            return self._keys
        if mtime is None:
            self._keys = [_first_key(self.path, configured=self.configured)]
        else:
            self._keys = _from_manifest(self.path.parent, json.loads(self.manifest.read_text()))
        self._seen = mtime
        return self._keys


def load_key_ring(path: Path, *, configured: bool) -> KeyRing:
    """The ring whose first key is the file at ``path`` (generated there in development)."""
    source = _FileRing(path, configured)
    return KeyRing(source(), reload=source)


def rotate_key(path: Path, *, configured: bool, now: datetime | None = None) -> PublicKey:
    """Retire the current key and make a fresh one current; returns the new public key."""
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "keyring.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two rotations at once must not lose a key
        keys = _FileRing(path, configured)()
        fresh = Ed25519PrivateKey.generate()
        ring = rotated(keys, fresh, (now or datetime.now(UTC)).replace(microsecond=0))
        _write_private(directory / ring[-1].file, fresh)
        tmp = directory / f".{MANIFEST}.{os.getpid()}"
        tmp.write_text(json.dumps(_manifest(ring), indent=2))
        os.replace(tmp, directory / MANIFEST)
    [new] = [k for k in KeyRing(ring).public_keys() if k.kid == ring[-1].kid]
    log.info("signing_key_rotated", key_id=new.kid, retired=[k.kid for k in keys])
    return new
