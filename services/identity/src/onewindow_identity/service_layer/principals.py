"""Token → principal: the RPC other services and the gateway call, and the mandate checker
the kit's authenticator uses on the local hot path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from onewindow_identity.domain import fields
from onewindow_identity.service_layer import commands
from onewindow_identity.service_layer.mandates import mandate_refusal, mandate_scope
from onewindow_identity.service_layer.ports import IdentityUnitOfWork, Services
from onewindow_kit.auth import Authenticator, TokenValidator
from onewindow_kit.errors import InvalidArgument, PermissionDenied, Validator
from onewindow_kit.principal import Principal


def resolve_principal(
    cmd: commands.ResolvePrincipal, *, svc: Services, validator: TokenValidator
) -> Principal:
    """Validate the token, refuse locked/disabled accounts at once, check any acting-for."""
    if not cmd.token.strip():
        raise InvalidArgument("token", "is required")
    v = Validator()
    service_type = fields.code(v, "service_type", cmd.service_type, required=False)
    v.raise_if_any()
    principal = validator.principal(cmd.token.strip())
    acting_for = cmd.acting_for.strip()
    with svc.uow() as uow:
        _refuse_disabled(uow, principal)
        if acting_for and acting_for != principal.person_id:
            scope = _check_mandate(uow, svc, principal, acting_for, service_type)
            principal = replace(principal, acting_for=acting_for, mandate_scope=scope)
    return principal


def _refuse_disabled(uow: IdentityUnitOfWork, principal: Principal) -> None:
    # Keycloak stops issuing tokens at once; this also refuses tokens issued before.
    if principal.person_id:
        person = (
            uow.persons.get(principal.person_id) if fields.is_uuid(principal.person_id) else None
        )
        if person is not None and person.locked:
            raise PermissionDenied("the account is locked")
    if principal.kind == "staff":
        staff = uow.staff.by_keycloak_user_id(principal.subject)
        if staff is not None and not staff.enabled:
            raise PermissionDenied("the staff account is disabled")


def _check_mandate(
    uow: IdentityUnitOfWork, svc: Services, principal: Principal, acting_for: str, st: str
) -> frozenset[str]:
    if not principal.person_id:
        raise PermissionDenied("only a person can act for someone else")
    if not fields.is_uuid(acting_for):
        raise PermissionDenied(f"acting_for {acting_for!r} is not a person or organisation id")
    # An unknown id is refused in the very words of a person who granted nothing.
    now = svc.clock()
    _, reason = mandate_refusal(uow, principal.person_id, acting_for, st, now)
    if reason is not None:
        raise PermissionDenied(f"cannot act for the named person or organisation: {reason}")
    return mandate_scope(uow, principal.person_id, acting_for, now)


class DatabaseMandateChecker:
    """The kit's MandateChecker for the identity service's own calls (checks the mandate now)."""

    def __init__(self, svc: Services) -> None:
        self._svc = svc

    def check(self, principal: Principal, acting_for: str) -> frozenset[str]:
        """The service types ``principal`` may act in for ``acting_for`` now; PermissionDenied
        without a valid mandate."""
        with self._svc.uow() as uow:
            return _check_mandate(uow, self._svc, principal, acting_for, "")


class AccountStateAuthenticator:
    """The kit's authenticator, plus: locked persons and disabled staff are refused at once,
    even with an access token issued before (used for the identity service's own API)."""

    def __init__(self, inner: Authenticator, svc: Services) -> None:
        self._inner = inner
        self._svc = svc

    def authenticate(self, metadata: Mapping[str, str]) -> Principal:
        """The caller, or PermissionDenied when their account was locked or disabled."""
        principal = self._inner.authenticate(metadata)
        with self._svc.uow() as uow:
            _refuse_disabled(uow, principal)
        return principal
