"""Who is calling: the principal every handler authorises against."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field

from onewindow_kit.errors import PermissionDenied, Unauthenticated

ASSURANCE_LEVELS = ("low", "substantial", "high")
STAFF_ROLES = frozenset({"clerk", "supervisor", "dept_admin", "auditor", "city_supervisor"})
# The gateway's own service account: anonymous routes only. Every RPC refuses it unless it
# says otherwise (``current_principal(allow_gateway=True)``), so a new RPC is closed by default.
GATEWAY_ROLE = "gateway"
# A mandate for every service type (or a company's legal representative): the whole scope.
ALL_SERVICE_TYPES = frozenset({"*"})


def assurance_rank(level: str) -> int:
    """Order of an eIDAS-style level; unknown levels rank below low."""
    return ASSURANCE_LEVELS.index(level) if level in ASSURANCE_LEVELS else -1


@dataclass(frozen=True)
class Principal:
    """A validated caller: a person, staff member or department system."""

    subject: str
    roles: frozenset[str] = field(default_factory=frozenset)
    person_id: str = ""
    department: str = ""
    office: str = ""
    assurance_level: str = "low"
    acting_for: str = ""  # person/organisation id under a mandate checked at resolution time
    # Acting for someone: the service types the holding mandates cover (ALL_SERVICE_TYPES for
    # all). Empty covers nothing, so a principal built without a checked scope fails closed.
    mandate_scope: frozenset[str] = frozenset()
    client_id: str = ""
    username: str = ""

    @property
    def kind(self) -> str:
        """person | staff | service."""
        if "service" in self.roles or self.username.startswith("service-account-"):
            return "service"
        if self.roles & STAFF_ROLES:
            return "staff"
        return "person"

    @property
    def effective_person_id(self) -> str:
        """Whose affairs this call is about: the mandator when acting for someone."""
        return self.acting_for or self.person_id

    def acts_in(self, service_type: str) -> bool:
        """May the caller act on the mandator's affairs of ``service_type``? Always True for
        one's own affairs; under a mandate only for the service types it covers."""
        if not self.acting_for:
            return True
        return "*" in self.mandate_scope or service_type in self.mandate_scope

    def has_role(self, *roles: str) -> bool:
        """True when the principal holds any of ``roles``."""
        return bool(self.roles & set(roles))

    def require_role(self, *roles: str) -> None:
        """Raise PermissionDenied unless the principal holds one of ``roles``."""
        if not self.has_role(*roles):
            raise PermissionDenied(f"requires one of the roles: {', '.join(sorted(roles))}")

    def require_assurance(self, minimum: str) -> None:
        """Raise PermissionDenied when the identity assurance level is below ``minimum``."""
        if assurance_rank(self.assurance_level) < assurance_rank(minimum):
            raise PermissionDenied(
                f"assurance level {self.assurance_level!r} is below the required {minimum!r}"
            )


_current: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "onewindow_principal", default=None
)


def current_principal(*, allow_gateway: bool = False) -> Principal:
    """The principal of the call being handled; Unauthenticated outside an authenticated call.

    A principal holding the ``gateway`` role is refused (PermissionDenied) unless the RPC
    passes ``allow_gateway=True`` (GetCatalogue, VerifyCertificate by file, RegisterPerson).
    """
    principal = _current.get()
    if principal is None:
        raise Unauthenticated("no authenticated principal for this call")
    if GATEWAY_ROLE in principal.roles and not allow_gateway:
        raise PermissionDenied("the gateway's own account may not make this call")
    return principal


def principal_or_none() -> Principal | None:
    """The principal of the call being handled, or None outside an authenticated call."""
    return _current.get()


def set_current_principal(principal: Principal | None) -> contextvars.Token:
    """Bind the principal for the current call (used by the auth interceptor and tests)."""
    return _current.set(principal)


def reset_current_principal(token: contextvars.Token) -> None:
    """Undo set_current_principal."""
    _current.reset(token)


_token: contextvars.ContextVar[str] = contextvars.ContextVar("onewindow_bearer_token", default="")


def current_token() -> str:
    """The caller's raw bearer token, to forward when calling another service on their behalf."""
    return _token.get()


def set_current_token(token: str) -> contextvars.Token:
    """Bind the raw token of the current call (the gRPC interceptor does this)."""
    return _token.set(token)


def reset_current_token(token: contextvars.Token) -> None:
    """Undo set_current_token."""
    _token.reset(token)
