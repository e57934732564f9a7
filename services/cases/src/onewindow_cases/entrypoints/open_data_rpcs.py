"""GetOpenDataStatistics: the month's public table, suppressed by the service layer; here only
protobuf <-> handler."""

from __future__ import annotations

import grpc

from onewindow.cases.v1 import cases_pb2 as pb
from onewindow_cases.domain.open_data import Cell, OpenDataRow
from onewindow_cases.service_layer.open_data import open_data_statistics
from onewindow_cases.service_layer.ports import Services
from onewindow_kit.principal import current_principal


def _count(cell: Cell) -> pb.OpenDataCount:
    if cell.suppressed:
        return pb.OpenDataCount(suppressed=True)
    return pb.OpenDataCount(value=cell.value)


def _median(row: OpenDataRow) -> pb.OpenDataMedian:
    if row.median_suppressed:
        return pb.OpenDataMedian(suppressed=True)
    if row.decided == 0:
        return pb.OpenDataMedian(empty=True)
    return pb.OpenDataMedian(value=row.median)


def open_data_row(month: str, row: OpenDataRow) -> pb.OpenDataRow:
    """One published row (a suppressed count carries no number)."""
    counts = {name: _count(cell) for name, cell in row.counts.items()}
    return pb.OpenDataRow(
        month=month, department=row.department, service_type=row.service_type,
        median_handling_working_days=_median(row), **counts,
    )  # fmt: skip


class OpenDataRpcs:
    """Open data (public figures: any authenticated caller, the gateway's account too)."""

    deps: Services

    def GetOpenDataStatistics(
        self, request: pb.GetOpenDataStatisticsRequest, context: grpc.ServicerContext
    ) -> pb.GetOpenDataStatisticsResponse:
        current_principal(allow_gateway=True)
        table = open_data_statistics(self.deps, request.month)
        return pb.GetOpenDataStatisticsResponse(
            month=table.month, k=table.k, complete=table.complete, as_of=table.as_of,
            rows=[open_data_row(table.month, r) for r in table.rows],
        )  # fmt: skip
