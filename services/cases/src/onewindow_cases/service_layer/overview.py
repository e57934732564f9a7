"""The applicant's overview, a citizen's dashboard in one call: the newest open cases, the bundles
still in progress and the offers waiting for an answer, as ListMyCases (open only),
ListMyBundles and ListMyOffers (open only) answer them. One request instead of three: each call
into this service costs more (gRPC, authentication, a thread of the pool) than the read it makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from onewindow_cases.domain.bundle import COMPLETED
from onewindow_cases.domain.offer import Offer
from onewindow_cases.service_layer import queries
from onewindow_cases.service_layer.offer_ports import OfferServices
from onewindow_cases.service_layer.offers import list_my_offers
from onewindow_cases.service_layer.pages import MAX_PAGE
from onewindow_cases.service_layer.views import BundleView
from onewindow_kit.errors import FieldViolation, InvalidArgument
from onewindow_kit.principal import Principal

# What a dashboard shows when the caller names no size: a phone screen of open cases (the rest
# one page token away), and the bundles and offers a citizen has at one time.
DEFAULT_CASES, DEFAULT_BUNDLES, DEFAULT_OFFERS = 10, 20, 20


@dataclass(frozen=True)
class OverviewSizes:
    """GetMyOverview's page sizes; 0 takes the default."""

    cases: int = 0
    bundles: int = 0
    offers: int = 0


@dataclass(frozen=True)
class Overview:
    """What GetMyOverview answers."""

    open_cases: queries.Page
    open_bundles: list[BundleView]
    open_offers: list[Offer]


def my_overview(deps: OfferServices, principal: Principal, sizes: OverviewSizes) -> Overview:
    """The caller's (or, acting for someone, the mandator's) open cases, bundles and offers."""
    _check(sizes)
    cases = queries.list_my_cases(
        deps.cases, principal, sizes.cases or DEFAULT_CASES, "", open_only=True
    )  # refuses anyone but a citizen or their representative
    bundles = queries.list_my_bundles(deps.cases, principal, sizes.bundles or DEFAULT_BUNDLES, "")
    offers = list_my_offers(
        deps, principal, open_only=True, page_size=sizes.offers or DEFAULT_OFFERS
    )
    return Overview(cases, [b for b in bundles.items if b.progress.state != COMPLETED], offers)


def _check(sizes: OverviewSizes) -> None:
    """Every size out of range, each named, before anything is read."""
    wrong = [
        FieldViolation(f"{name}_page_size", f"must be between 0 (the default) and {MAX_PAGE}")
        for name, size in (("cases", sizes.cases), ("bundles", sizes.bundles),
                           ("offers", sizes.offers))
        if not 0 <= size <= MAX_PAGE
    ]  # fmt: skip
    if wrong:
        raise InvalidArgument(wrong)
