"""Commands: what a caller asks the cases service to change (built by the entrypoints from
protobuf, by tests directly). Applications (SubmitCase, SubmitBundle) are
``applicants.Application``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ClaimCase:
    case_id: str
    expected_version: int


@dataclass(frozen=True)
class AssignCase:
    case_id: str
    expected_version: int
    assignee: str
    reason: str = ""


@dataclass(frozen=True)
class TransitionCase:
    case_id: str
    expected_version: int
    to_status: str
    reason: str = ""


@dataclass(frozen=True)
class ExtendDeadline:
    case_id: str
    expected_version: int
    working_days: int
    reason: str = ""


@dataclass(frozen=True)
class RequestSupplement:
    case_id: str
    expected_version: int
    reason: str
    requested_document_types: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProvideSupplement:
    case_id: str
    expected_version: int
    document_ids: list[str] = field(default_factory=list)
    form_changes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DecideCase:
    case_id: str
    expected_version: int
    outcome: str  # approved | rejected (entrypoints translate the proto enum)
    reason: str = ""


@dataclass(frozen=True)
class AnnulDecision:
    case_id: str
    expected_version: int
    reason: str


@dataclass(frozen=True)
class CloseCase:
    case_id: str
    expected_version: int
    reason: str = ""


@dataclass(frozen=True)
class WithdrawCase:
    case_id: str
    expected_version: int
    reason: str = ""


@dataclass(frozen=True)
class TransferCase:
    case_id: str
    expected_version: int
    to_department: str
    reason: str = ""


@dataclass(frozen=True)
class RateCase:
    case_id: str
    score: int  # the older 1..5 (0 = not given)
    comment: str = ""
    level: int = 0  # the RatingLevel's number (= score); 0 = not given


@dataclass(frozen=True)
class CompleteFollowUpTask:
    task_id: str
    resolution: str
