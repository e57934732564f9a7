"""Verifying a certificate or receipt: the signature (a compact JWS, or the older detached
signature over canonical JSON), then what only we know: issued here, revoked, expired."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from onewindow_documents.domain import access
from onewindow_documents.domain import certificate as cert
from onewindow_documents.domain.model import CERTIFICATE, RECEIPT, Certificate
from onewindow_documents.service_layer import commands, reads
from onewindow_documents.service_layer.ports import InvalidJws, Services
from onewindow_kit.errors import InvalidArgument, NotFound
from onewindow_kit.principal import Principal

NOT_SIGNED = "the signature does not match the certificate"


@dataclass(frozen=True)
class Verification:
    """What a verifier learns about a certificate."""

    valid: bool
    reason: str = ""
    claims: dict[str, Any] | None = None
    key_id: str = ""
    revoked: bool = False
    revoked_at: datetime | None = None
    revocation_reason: str = ""
    expires_at: datetime | None = None


@dataclass(frozen=True)
class _Signed:
    """A certificate as presented: a JWS, or claims with a detached signature."""

    jws: str = ""
    claims: dict[str, Any] | None = None
    signature: str = ""
    key_id: str = ""


def _parse_signed(data: bytes) -> _Signed:
    if cert.is_compact_jws(data):
        try:
            return _Signed(jws=data.strip().decode("ascii"))
        except UnicodeDecodeError as exc:
            raise InvalidArgument("signed_certificate", "is not a compact JWS") from exc
    try:
        doc = json.loads(data)
        claims, sig = doc["certificate"], doc["signature"]
        if not isinstance(claims, dict) or not isinstance(sig, dict):
            raise TypeError("certificate and signature must be objects")
        return _Signed(
            claims=claims, signature=str(sig["value"]), key_id=str(sig.get("key_id", ""))
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidArgument(
            "signed_certificate", f"is neither a compact JWS nor a signed certificate: {exc}"
        ) from exc


def _by_document_id(cmd: commands.VerifyCertificate, svc: Services, actor: Principal) -> _Signed:
    with svc.uow() as uow:
        document = uow.documents.get(cmd.document_id)
        issued = uow.certificates.get(cmd.document_id) if document else None
        scoped = reads.within_mandate(uow, actor, [document])
    # By id only who may see it (a holder shows the file); anything else answers alike.
    if document is None or document.kind not in (CERTIFICATE, RECEIPT) or issued is None:
        raise NotFound(access.CERTIFICATE_NOT_FOUND)
    access.readable(actor, document, message=access.CERTIFICATE_NOT_FOUND, within_mandate=scoped)
    if cert.is_compact_jws(issued.payload):
        return _Signed(jws=issued.payload.decode())
    return _Signed(
        claims=json.loads(issued.payload), signature=issued.signature, key_id=issued.key_id
    )


def _from_request(cmd: commands.VerifyCertificate, svc: Services, actor: Principal) -> _Signed:
    if cmd.signed_certificate:
        return _parse_signed(cmd.signed_certificate)
    if cmd.certificate_json and cmd.signature:
        try:
            claims = json.loads(cmd.certificate_json)
        except ValueError as exc:
            raise InvalidArgument("certificate_json", "is not JSON") from exc
        if not isinstance(claims, dict):
            raise InvalidArgument("certificate_json", "must be a JSON object")
        return _Signed(claims=claims, signature=cmd.signature)
    if cmd.certificate_json:
        raise InvalidArgument("signature", "is required with certificate_json")
    if not cmd.document_id:
        raise InvalidArgument(
            "document_id", "name a document, or send signed_certificate or certificate_json"
        )
    return _by_document_id(cmd, svc, actor)


def _check_signature(signed: _Signed, svc: Services) -> tuple[dict[str, Any] | None, str, bytes]:
    """(claims or None when the signature fails, key id, the bytes issued rows hold)."""
    if signed.jws:
        try:
            payload, kid = svc.signer.verify_jws(signed.jws)
            claims = json.loads(payload)
        except (InvalidJws, ValueError):
            return None, "", b""
        return (claims if isinstance(claims, dict) else None), kid, signed.jws.encode()
    claims = signed.claims or {}
    kid = signed.key_id or svc.signer.key_id
    canonical = cert.canonical_json(claims)
    if not svc.signer.verify(canonical, signed.signature, kid):
        return None, kid, b""
    return claims, kid, canonical


def _status(issued: Certificate, verdict: Verification, now: datetime) -> Verification:
    if issued.revoked_at is not None:
        when = cert.rfc3339(issued.revoked_at)
        reason = f"revoked at {when}: {issued.revocation_reason}"
        return Verification(
            False,
            reason,
            verdict.claims,
            verdict.key_id,
            revoked=True,
            revoked_at=issued.revoked_at,
            revocation_reason=issued.revocation_reason,
            expires_at=issued.expires_at,
        )
    if issued.expires_at is not None and issued.expires_at <= now:
        reason = f"expired at {cert.rfc3339(issued.expires_at)}"
        return Verification(
            False, reason, verdict.claims, verdict.key_id, expires_at=issued.expires_at
        )
    return Verification(True, "", verdict.claims, verdict.key_id, expires_at=issued.expires_at)


def verify_certificate(
    cmd: commands.VerifyCertificate, *, svc: Services, actor: Principal
) -> Verification:
    """Valid when one of our keys signed exactly what we issued, and it is neither revoked nor
    expired (the reason says which)."""
    claims, kid, signed_bytes = _check_signature(_from_request(cmd, svc, actor), svc)
    if claims is None:
        return Verification(False, NOT_SIGNED, None, kid)
    with svc.uow() as uow:
        issued = uow.certificates.get(str(claims.get("document_id", "")))
    if issued is None:
        return Verification(False, "no such certificate was issued here", claims, kid)
    if issued.payload != signed_bytes:
        return Verification(False, "the certificate differs from the one issued", claims, kid)
    return _status(issued, Verification(True, "", claims, kid), svc.clock())
