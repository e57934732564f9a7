"""What handlers return: a case with what a reader needs to show it, bundles with their parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onewindow_cases.domain.bundle import BundleProgress, PartState, bundle_progress
from onewindow_cases.domain.case import Case, HistoryEntry, Supplement
from onewindow_cases.domain.catalogue import Bundle, ServiceType, Status
from onewindow_cases.service_layer.ports import Services, UnitOfWork
from onewindow_kit.errors import NotFound


@dataclass
class CaseView:
    """A case, its service type (names, status texts), history and supplements."""

    case: Case
    service_type: ServiceType
    history: list[HistoryEntry] = field(default_factory=list)
    supplements: list[Supplement] = field(default_factory=list)
    replayed: bool = False

    @property
    def status(self) -> Status:
        """The current status with its citizen-facing text."""
        return self.service_type.workflow.status(self.case.status)


@dataclass
class SummaryView:
    """A list row: the summary columns plus the status as the citizen reads it."""

    row: dict[str, Any]
    status: Status | None


@dataclass
class BundleView:
    """A bundle, its catalogue entry, its parts and the combined status."""

    row: dict[str, Any]
    bundle: Bundle | None
    parts: list[SummaryView]
    progress: BundleProgress
    replayed: bool = False


def full_view(deps: Services, uow: UnitOfWork, case: Case, replayed: bool = False) -> CaseView:
    """A case with history and supplements read in ``uow``."""
    st = deps.catalogues.version(case.catalogue_version).service_type(case.service_type)
    return CaseView(
        case, st, uow.cases.history(case.id), uow.supplements.of_case(case.id), replayed
    )


def summary_view(deps: Services, row: dict[str, Any]) -> SummaryView:
    """Attach the status (text, final flag) of the version the case was submitted under."""
    try:
        catalogue = deps.catalogues.version(row["catalogue_version"])
        status = catalogue.service_type(row["service_type"]).workflow.status(row["status"])
    except NotFound:
        status = None
    return SummaryView(row, status)


def part_state(case: Case) -> PartState:
    """The bundle's view of one part."""
    withdrawn = case.clock == "stopped" and not case.decision
    return PartState(case.id, case.service_type, case.decision, withdrawn)


def bundle_view(deps: Services, row: dict[str, Any], parts: list[dict[str, Any]]) -> BundleView:
    """A bundle from its row and its parts' summary rows."""
    states = [
        PartState(p["id"], p["service_type"], p["decision"],
                  p["clock"] == "stopped" and not p["decision"])
        for p in parts
    ]  # fmt: skip
    try:
        bundle = deps.catalogues.version(row["catalogue_version"]).bundle(row["bundle_type"])
    except NotFound:
        bundle = None
    return BundleView(row, bundle, [summary_view(deps, p) for p in parts], bundle_progress(states))
