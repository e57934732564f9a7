"""Retention: how long a document is kept after its last change, per document type.

A document type named in the policy keeps its own period; any other falls back to its kind's
(certificates long, uploads shorter). A document on legal hold is never due. An upload a case
uses is kept at least as long after the case last linked it as after its last version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from onewindow_documents.domain.model import CERTIFICATE, RECEIPT, UPLOAD, Document

# Days after the last change (kind defaults): issued certificates are records the city keeps
# for decades; receipts as long as an application file; uploads a few years.
DEFAULT_DAYS = {CERTIFICATE: 36500, RECEIPT: 3650, UPLOAD: 1095}
KINDS = frozenset(DEFAULT_DAYS)


@dataclass(frozen=True)
class RetentionPolicy:
    """Days to keep per kind, overridden per document type (or certificate type)."""

    kind_days: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DAYS))
    type_days: Mapping[str, int] = field(default_factory=dict)

    def days(self, document: Document) -> int:
        """The period that applies to ``document``."""
        for code in (document.certificate_type, document.document_type):
            if code and code in self.type_days:
                return self.type_days[code]
        return self.kind_days.get(document.kind, DEFAULT_DAYS[UPLOAD])

    def shortest(self) -> timedelta:
        """No document is due sooner than this after its last change."""
        return timedelta(days=min([*self.kind_days.values(), *self.type_days.values()]))

    def due_at(self, document: Document, last_linked: datetime | None = None) -> datetime:
        """When the retention period of ``document`` ends."""
        base = max(document.updated_at, last_linked or document.updated_at)
        return base + timedelta(days=self.days(document))

    def is_due(
        self, document: Document, now: datetime, last_linked: datetime | None = None
    ) -> bool:
        """True when the period has ended and no legal hold keeps the document."""
        return not document.legal_hold_reason and self.due_at(document, last_linked) <= now


def parse_policy(value: str) -> RetentionPolicy:
    """``name=days,...`` where a name is a kind (upload, certificate, receipt) or a document
    type code; ValueError on anything else."""
    kinds, types = dict(DEFAULT_DAYS), dict[str, int]()
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, _, days = (s.strip() for s in item.partition("="))
        if not name or not days.isdigit() or int(days) <= 0:
            raise ValueError(f"expected name=days[,name=days] with days > 0, got {item!r}")
        (kinds if name in KINDS else types)[name] = int(days)
    return RetentionPolicy(kind_days=kinds, type_days=types)
