"""Catalogue administration (load a draft, publish it) and the cached catalogue store."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from onewindow_cases.domain.catalogue import Catalogue
from onewindow_cases.domain.catalogue_parser import parse_catalogue_yaml
from onewindow_cases.service_layer.ports import Services, UnitOfWork
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, NotFound
from onewindow_kit.principal import Principal

ADMIN_ROLES = ("dept_admin",)


@lru_cache(maxsize=8)
def _parsed(source: str) -> Catalogue:
    # Parsing (YAML, then every form schema compiled) is the dearest step of a load; a parsed
    # catalogue is immutable, so a source loaded again (a draft, then its version) parses once.
    return parse_catalogue_yaml(source)


MAX_SOURCE = 2 * 1024 * 1024


class CatalogueStore:
    """Parsed versions are immutable and cached for good; which version is published is
    re-read at most every ``ttl_s`` seconds (and at once after a publish in this process)."""

    def __init__(self, uow: Callable[[], UnitOfWork], ttl_s: float = 2.0) -> None:
        self._uow = uow
        self._ttl = ttl_s
        self._versions: dict[int, Catalogue] = {}
        self._published: tuple[float, int | None] = (0.0, None)
        self._lock = threading.Lock()

    def version(self, version: int) -> Catalogue:
        """One version, parsed once."""
        cached = self._versions.get(version)
        if cached is not None:
            return cached
        with self._uow() as uow:
            row = uow.catalogues.get(version)
        if row is None:
            raise NotFound(f"catalogue version {version} does not exist")
        parsed = replace(_parsed(row["source"]), version=version)
        with self._lock:
            self._versions.setdefault(version, parsed)
        return self._versions[version]

    def published_version(self) -> int | None:
        """The published version number (cached for a moment)."""
        checked_at, version = self._published
        if time.monotonic() - checked_at < self._ttl:
            return version
        with self._uow() as uow:
            version = uow.catalogues.published_version()
        self._published = (time.monotonic(), version)
        return version

    def published(self) -> Catalogue:
        """The catalogue new applications use."""
        version = self.published_version()
        if version is None:
            raise FailedPrecondition("no catalogue is published yet")
        return self.version(version)

    def for_submission(self, version: int) -> Catalogue:
        """0 = the published version; another version only while it is the published one."""
        if not version:
            return self.published()
        if version == self.published_version():
            return self.version(version)
        with self._uow() as uow:
            row = uow.catalogues.get(version)
        if row is None:
            raise NotFound(f"catalogue version {version} does not exist")
        raise FailedPrecondition(
            f"catalogue version {version} is not published (it is {row['state']}); "
            "applications use the published version"
        )

    def invalidate(self) -> None:
        """Re-read the published version on next use."""
        self._published = (0.0, None)


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "source"}


def _parse_source(source: str) -> Catalogue:
    if not source.strip():
        raise InvalidArgument("source_yaml", "is required")
    if len(source) > MAX_SOURCE:
        raise InvalidArgument("source_yaml", f"must be at most {MAX_SOURCE} characters")
    return _parsed(source)


def _store_draft(
    deps: Services, uow: UnitOfWork, principal: Principal, source: str, label: str
) -> dict[str, Any]:
    parsed = _parse_source(source)
    row = {
        "version": uow.catalogues.next_version(),
        "state": "draft",
        "label": label.strip(),
        "checksum": hashlib.sha256(source.encode()).hexdigest(),
        "source": source,
        "loaded_at": deps.clock.now(),
        "loaded_by": principal.subject,
        "published_at": None,
        "published_by": "",
        "service_type_count": len(parsed.service_types),
        "bundle_count": len(parsed.bundles),
    }
    uow.catalogues.add(row)
    return row


def load_catalogue(deps: Services, principal: Principal, source: str, label: str) -> dict[str, Any]:
    """Validate a catalogue document and store it as a draft version."""
    principal.require_role(*ADMIN_ROLES)
    with deps.uow() as uow:
        row = _store_draft(deps, uow, principal, source, label)
        uow.commit()
    return _summary(row)


def publish_catalogue(deps: Services, principal: Principal, version: int) -> dict[str, Any]:
    """Make a draft the version new applications use; the previous one is retired (cases keep
    the version they were submitted under)."""
    principal.require_role(*ADMIN_ROLES)
    with deps.uow() as uow:
        uow.catalogues.next_version()  # the same lock as loads: one catalogue change at a time
        row = uow.catalogues.get(version)
        if row is None:
            raise NotFound(f"catalogue version {version} does not exist")
        if row["state"] != "draft":
            raise FailedPrecondition(f"catalogue version {version} is {row['state']}, not a draft")
        uow.catalogues.publish(version, principal.subject, deps.clock.now())
        uow.commit()
        row = uow.catalogues.get(version) or row
    deps.catalogues.invalidate()
    return _summary(row)


def list_catalogue_versions(deps: Services, principal: Principal) -> list[dict[str, Any]]:
    """Every version (staff only)."""
    if principal.kind == "person":
        principal.require_role(*ADMIN_ROLES)
    with deps.uow() as uow:
        return uow.catalogues.all()


def get_catalogue(deps: Services, version: int) -> tuple[dict[str, Any], Catalogue]:
    """A version's record and content (0 = published); anyone may read the catalogue."""
    catalogue = deps.catalogues.version(version) if version else deps.catalogues.published()
    with deps.uow() as uow:
        row = uow.catalogues.get(catalogue.version)
    assert row is not None
    return _summary(row), catalogue


def seed_catalogue(deps: Services, principal: Principal, source: str, label: str) -> int | None:
    """Load and publish ``source`` when no catalogue is published yet (first start); several
    processes starting at once publish it once."""
    with deps.uow() as uow:
        row = _store_draft(deps, uow, principal, source, label)  # takes the catalogue lock
        if uow.catalogues.published_version() is not None:
            return None  # rolled back: a catalogue is published already
        uow.catalogues.publish(row["version"], principal.subject, deps.clock.now())
        uow.commit()
    deps.catalogues.invalidate()
    return int(row["version"])
