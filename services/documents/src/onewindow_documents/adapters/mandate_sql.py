"""The scoped mandate's rule (``domain.access.visible_under_mandate``) as a SQL condition on
the documents table, so the wallet and the access log are narrowed in the query and their pages
stay whole; and the case service types it reads (learnt by the ``links`` consumer)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Text, and_, cast, exists, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from onewindow_documents.adapters import orm
from onewindow_documents.domain.access import ISSUED, MandateScope


def visible_under(scope: MandateScope) -> ColumnElement[bool]:
    """True for a document row the representative may see: uploaded by them, issued for a case
    of a service type in the scope, an upload a case of such a service type uses, or an upload
    no case uses yet."""
    d, c = orm.DocumentRow, orm.CertificateRow
    link, case = orm.CaseLinkRow, orm.CaseServiceTypeRow
    types = sorted(scope.service_types)
    issued = exists().where(c.document_id == d.id, c.service_type.in_(types))
    linked = exists().where(
        link.document_id == cast(d.id, Text),
        case.case_id == link.case_id,
        case.service_type.in_(types),
    )
    unused = ~exists().where(link.document_id == cast(d.id, Text))
    return or_(
        d.created_by == scope.representative,
        and_(d.kind.in_(ISSUED), issued),
        and_(d.kind.not_in(ISSUED), or_(linked, unused)),
    )


def visible_ids(owner_id: str, scope: MandateScope) -> ColumnElement[bool]:
    """``access_log.document_id IN`` the owner's documents visible under ``scope``."""
    d = orm.DocumentRow
    visible = select(d.id).where(d.owner_id == owner_id, visible_under(scope))
    return orm.AccessLogRow.document_id.in_(visible)


class CaseServiceTypeRepository:
    """Each submitted case's service type."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, service_types: Mapping[str, str]) -> None:
        """Record case id -> service type in one statement; a case already known is kept."""
        if service_types:
            rows = [{"case_id": k, "service_type": v} for k, v in sorted(service_types.items())]
            self.session.execute(insert(orm.CaseServiceTypeRow).on_conflict_do_nothing(), rows)

    def of_cases(self, case_ids: Sequence[str]) -> dict[str, str]:
        """The known service types of ``case_ids``."""
        if not case_ids:
            return {}
        t = orm.CaseServiceTypeRow
        rows = self.session.execute(
            select(t.case_id, t.service_type).where(t.case_id.in_(case_ids))
        )
        return {case_id: service_type for case_id, service_type in rows}
