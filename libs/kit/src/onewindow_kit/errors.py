"""Domain errors every service raises; mapped to gRPC codes in exactly one place (grpc_errors)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    """One bad field: a dotted/JSON path and why it is wrong."""

    field: str
    description: str


class DomainError(Exception):
    """Base of errors a caller can act on; the message is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidArgument(DomainError):
    """Bad input; carries one violation per bad field."""

    def __init__(
        self,
        violations: list[FieldViolation] | str,
        description: str | None = None,
        *,
        message: str | None = None,
    ):
        if isinstance(violations, str):
            violations = [FieldViolation(violations, description or "is invalid")]
        self.violations = list(violations)
        summary = "; ".join(f"{v.field}: {v.description}" for v in self.violations)
        super().__init__(message or f"invalid argument: {summary}")


class NotFound(DomainError):
    """The named object does not exist (or the caller may not know it exists)."""


class AlreadyExists(DomainError):
    """An object with the same natural key exists."""


class FailedPrecondition(DomainError):
    """The object is not in a state that allows the operation."""


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""


class Unauthenticated(DomainError):
    """No valid credentials."""


class Aborted(DomainError):
    """A concurrent change won (stale version); re-read and retry."""


class Unavailable(DomainError):
    """A dependency (e.g. Keycloak) cannot be reached; nothing was changed."""


class Validator:
    """Collects field violations, then raises them together."""

    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []

    def add(self, field: str, description: str) -> None:
        """Record one bad field."""
        self.violations.append(FieldViolation(field, description))

    def require(self, value: object, field: str) -> None:
        """Record a violation when ``value`` is empty."""
        if value is None or value == "" or value == [] or value == {}:
            self.add(field, "is required")

    def raise_if_any(self) -> None:
        """Raise InvalidArgument with every violation collected so far."""
        if self.violations:
            raise InvalidArgument(self.violations)
