"""Ed25519 certificate signing; the key from a PEM file, or a dev key generated on first use."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onewindow_kit.logging import get_logger
from onewindow_kit.settings import SettingsError

log = get_logger("onewindow.documents.signing")


class Ed25519Signer:
    """Signs with one private key; ``key_id`` names its public key (first 16 hex of sha256)."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private = private_key
        self._public = private_key.public_key()
        raw = self._public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.key_id = hashlib.sha256(raw).hexdigest()[:16]

    @classmethod
    def generate(cls) -> Ed25519Signer:
        """A signer with a fresh key (tests)."""
        return cls(Ed25519PrivateKey.generate())

    def sign(self, data: bytes) -> str:
        """Base64 signature of ``data``."""
        return base64.b64encode(self._private.sign(data)).decode()

    def verify(self, data: bytes, signature: str, key_id: str) -> bool:
        """True when ``signature`` was made by our key over ``data``."""
        if key_id and key_id != self.key_id:
            return False
        try:
            self._public.verify(base64.b64decode(signature, validate=True), data)
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True


def load_signer(path: Path, *, configured: bool) -> Ed25519Signer:
    """The key at ``path``; when not configured and missing, a dev key is generated there."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise SettingsError(f"ONEWINDOW_DOCUMENTS_SIGNING_KEY: {path} is not an Ed25519 key")
        return Ed25519Signer(key)
    if configured:
        raise SettingsError(f"ONEWINDOW_DOCUMENTS_SIGNING_KEY: no key file at {path}")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    try:
        os.link(tmp, path)  # atomic; another process starting at once may have won
    except FileExistsError:
        return load_signer(path, configured=True)
    finally:
        tmp.unlink(missing_ok=True)
    signer = Ed25519Signer(key)
    log.warning(
        "signing_key_generated_dev_only",
        path=str(path),
        key_id=signer.key_id,
        hint="DEV ONLY: set ONEWINDOW_DOCUMENTS_SIGNING_KEY to a managed Ed25519 PEM file",
    )
    return signer
