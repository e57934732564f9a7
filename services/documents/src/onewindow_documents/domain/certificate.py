"""The certificate a department issues: canonical JSON, the bytes that are signed."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

CERTIFICATE_FORMAT = "onewindow.certificate.v1"
# Fixed namespace: the same case and certificate type always give the same document id, so a
# redelivered decision cannot issue a second certificate, and content written before a failed
# commit is simply overwritten by the retry.
_NAMESPACE = uuid.UUID("6b1f6a4e-4f9e-4c0b-9c54-2c9e1b7f3d10")


def certificate_document_id(case_id: str, certificate_type: str) -> str:
    """Deterministic document id of the certificate of a case."""
    return str(uuid.uuid5(_NAMESPACE, f"{case_id}:{certificate_type}"))


def version_id(document_id: str, version: int) -> str:
    """Deterministic id of a certificate's content version."""
    return str(uuid.uuid5(_NAMESPACE, f"{document_id}#{version}"))


def canonical_json(obj: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: one byte string per certificate."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def rfc3339(moment: datetime) -> str:
    """UTC, second precision, 'Z' suffix."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_rfc3339(value: str) -> datetime:
    """The inverse of rfc3339."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def signed_document(certificate: dict[str, Any], signature: str, key_id: str) -> bytes:
    """The downloadable file: the certificate plus its detached signature."""
    return canonical_json(
        {
            "certificate": certificate,
            "signature": {"alg": "Ed25519", "key_id": key_id, "value": signature},
        }
    )


JWS_CERTIFICATE_FORMAT = "onewindow.certificate.v2"
RECEIPT_FORMAT = "onewindow.receipt.v1"
ISSUER = "onewindow:documents"


def jws_claims(
    claims: dict[str, Any], issued_at: datetime, expires_at: datetime | None
) -> dict[str, Any]:
    """The JWS payload: the certificate's claims plus the registered JWT claims (RFC 7519) that
    any JOSE verifier knows: iss, sub, jti (the document id), iat and, when it expires, exp."""
    out = {
        **claims,
        "iss": ISSUER,
        "sub": claims["subject_id"],
        "jti": claims["document_id"],
        "iat": int(issued_at.timestamp()),
    }
    if expires_at is not None:
        out["exp"] = int(expires_at.timestamp())
        out["expires_at"] = rfc3339(expires_at)
    return out


def is_compact_jws(data: bytes) -> bool:
    """Three base64url parts joined by dots (the QR payload and the downloaded file)."""
    parts = data.strip().split(b".")
    return len(parts) == 3 and all(parts) and not data.lstrip().startswith(b"{")
