"""One combined status for a bundle: it completes when every part is decided or withdrawn,
and each part keeps its own result (a rejected part hides nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from onewindow_cases.domain.catalogue import APPROVED, REJECTED

IN_PROGRESS, COMPLETED = "in_progress", "completed"
PARTIALLY_APPROVED, WITHDRAWN = "partially_approved", "withdrawn"


@dataclass(frozen=True)
class PartState:
    """What the bundle needs to know about one part."""

    case_id: str
    service_type: str
    decision: str = ""  # approved | rejected | ""
    withdrawn: bool = False

    @property
    def settled(self) -> bool:
        """Decided or withdrawn: nothing more will happen to it."""
        return self.withdrawn or self.decision in (APPROVED, REJECTED)

    @property
    def result(self) -> str:
        """approved | rejected | withdrawn | '' while open."""
        return WITHDRAWN if self.withdrawn else self.decision


@dataclass(frozen=True)
class BundleProgress:
    """The combined status of a bundle."""

    state: str
    outcome: str  # "" while in progress
    total: int
    settled: int
    approved: int
    rejected: int
    withdrawn: int

    @property
    def text(self) -> dict[str, str]:
        """The one status line the citizen sees."""
        if self.state == IN_PROGRESS:
            return {
                "en": f"In progress: {self.settled} of {self.total} parts decided",
                "zh": f"办理中:{self.total} 项中已办结 {self.settled} 项",
            }
        return {
            "en": f"Completed: {self.approved} of {self.total} parts approved",
            "zh": f"已办结:{self.total} 项中 {self.approved} 项获批",
        }


def bundle_progress(parts: Sequence[PartState]) -> BundleProgress:
    """Combine the parts' states."""
    if not parts:
        raise ValueError("a bundle has parts")
    total = len(parts)
    settled = sum(1 for p in parts if p.settled)
    approved = sum(1 for p in parts if p.result == APPROVED)
    rejected = sum(1 for p in parts if p.result == REJECTED)
    withdrawn = sum(1 for p in parts if p.result == WITHDRAWN)
    if settled < total:
        return BundleProgress(IN_PROGRESS, "", total, settled, approved, rejected, withdrawn)
    if approved == total:
        outcome = APPROVED
    elif approved:
        outcome = PARTIALLY_APPROVED
    elif rejected:
        outcome = REJECTED
    else:
        outcome = WITHDRAWN
    return BundleProgress(COMPLETED, outcome, total, settled, approved, rejected, withdrawn)
