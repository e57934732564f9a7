"""Open data, public and anonymous: a month's service statistics as CSV or JSON, the Frictionless
Table Schema describing every column, and a CKAN-style dataset description (package_show) an
open-data portal can harvest. The numbers and their suppression come from the cases service
(GetOpenDataStatistics); here they are only formatted."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from onewindow.cases.v1 import cases_pb2
from onewindow_gateway.problems import Problem
from onewindow_gateway.routes.common import call, clients, problems
from onewindow_kit.classification import require_public

router = APIRouter(tags=["public", "open-data"])
PATH = "/v1/open-data/service-statistics"
SUPPRESSED = "suppressed"  # how a suppressed count is written in the CSV
COUNTS = (
    ("received", "Cases received", "Applications received in the month"),
    ("closed", "Cases closed", "Cases closed in the month"),
    ("closed_on_time", "Closed on time", "Closed cases decided on or before their due date"),
    ("ratings_very_satisfied", "Rated very satisfied", "Ratings given in the month"),
    ("ratings_satisfied", "Rated satisfied", "Ratings given in the month"),
    ("ratings_neutral", "Rated neutral", "Ratings given in the month"),
    ("ratings_dissatisfied", "Rated dissatisfied", "Ratings given in the month"),
    ("ratings_very_dissatisfied", "Rated very dissatisfied", "Ratings given in the month"),
    (
        "bad_ratings_remediated_on_time",
        "Bad ratings remediated on time",
        "Of the month's dissatisfied and very dissatisfied ratings: follow-ups remediated within "
        "15 working days",
    ),
)
MEDIAN = "median_handling_working_days"
COLUMNS = ("month", "row_type", "department", "service_type", *(n for n, _, _ in COUNTS), MEDIAN)
DERIVED = ("row_type",)  # worked out here from department and service_type
# Open data publishes PUBLIC contract fields only (issue 16 §4): a column taken from a field of
# any other class stops the gateway at start-up, naming it (a static check of the contract).
require_public(cases_pb2.OpenDataRow.DESCRIPTOR, [c for c in COLUMNS if c not in DERIVED])
require_public(
    cases_pb2.GetOpenDataStatisticsResponse.DESCRIPTOR, ["month", "complete", "as_of", "k"]
)
Month = Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]


def table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema of the CSV (and of each JSON row)."""
    count_note = (
        f" A non-zero count below the suppression threshold k is published as '{SUPPRESSED}' "
        "(JSON: null), and so is a second count wherever a published total would give the first "
        "back; zeros are published."
    )
    fields: list[dict[str, Any]] = [
        {"name": "month", "type": "yearmonth", "title": "Month", "format": "default",
         "description": "The calendar month (YYYY-MM) in the service's time zone.",
         "constraints": {"required": True}},
        {"name": "row_type", "type": "string", "title": "Row type",
         "description": "service: one department's service type; department_total: the sum of "
                        "a department's rows; city_total: the sum of every department.",
         "constraints": {"required": True,
                         "enum": ["service", "department_total", "city_total"]}},
        {"name": "department", "type": "string", "title": "Department",
         "description": "The department's code in the published catalogue (empty on the city "
                        "total row)."},
        {"name": "service_type", "type": "string", "title": "Service type",
         "description": "The service type's code in the published catalogue (empty on total "
                        "rows)."},
    ]  # fmt: skip
    for name, title, description in COUNTS:
        fields.append({
            "name": name, "type": "integer", "title": title,
            "description": description + "." + count_note, "constraints": {"minimum": 0},
        })  # fmt: skip
    fields.append({
        "name": MEDIAN, "type": "number", "title": "Median handling time (working days)",
        "description": "Median working days from receipt to decision of the cases decided in "
                       "the month, pauses excluded. Empty when nothing was decided; "
                       f"'{SUPPRESSED}' when fewer than k decisions lie behind it.",
        "constraints": {"minimum": 0},
    })  # fmt: skip
    return {
        "fields": fields,
        "missingValues": ["", SUPPRESSED],
        "primaryKey": ["month", "row_type", "department", "service_type"],
    }


def _row_type(row: cases_pb2.OpenDataRow) -> str:
    if not row.department:
        return "city_total"
    return "department_total" if not row.service_type else "service"


def _cells(row: cases_pb2.OpenDataRow) -> dict[str, Any]:
    """A row's values: None where suppressed (or, for the median, where there is no figure)."""
    out: dict[str, Any] = {
        "month": row.month, "row_type": _row_type(row), "department": row.department,
        "service_type": row.service_type,
    }  # fmt: skip
    for name, _, _ in COUNTS:
        count = getattr(row, name)
        out[name] = None if count.suppressed else count.value
    median = row.median_handling_working_days
    out[MEDIAN] = None if (median.suppressed or median.empty) else median.value
    return out


def _suppressed(row: cases_pb2.OpenDataRow) -> list[str]:
    names = [name for name, _, _ in COUNTS if getattr(row, name).suppressed]
    return [*names, MEDIAN] if row.median_handling_working_days.suppressed else names


def as_json(reply: cases_pb2.GetOpenDataStatisticsResponse, schema_url: str) -> dict[str, Any]:
    """The JSON form: the table's rows (null where suppressed, listed per row)."""
    return {
        "month": reply.month, "complete": reply.complete, "as_of": reply.as_of,
        "suppression_threshold": reply.k, "schema": schema_url,
        "rows": [{**_cells(r), "suppressed": _suppressed(r)} for r in reply.rows],
    }  # fmt: skip


def as_csv(reply: cases_pb2.GetOpenDataStatisticsResponse) -> str:
    """The CSV form: a header, then one line per row ('suppressed' where suppressed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in reply.rows:
        cells, hidden = _cells(row), set(_suppressed(row))
        writer.writerow(
            [SUPPRESSED if name in hidden else ("" if cells[name] is None else cells[name])
             for name in COLUMNS]
        )  # fmt: skip
    return out.getvalue()


def _wants_csv(format_: str | None, accept: str | None) -> bool:
    if format_:
        return format_ == "csv"
    kinds = [part.split(";")[0].strip().lower() for part in (accept or "*/*").split(",")]
    if "text/csv" in kinds and "application/json" not in kinds[: kinds.index("text/csv")]:
        return True
    if not {"application/json", "*/*", "application/*"} & set(kinds):
        raise Problem(406, "this dataset is served as text/csv or application/json")
    return False


CSV_EXAMPLE = (
    "month,row_type,department,service_type,received,...,median_handling_working_days\r\n"
    "2027-03,service,hrss,provident-fund-withdrawal,suppressed,...,suppressed\r\n"
)


@router.get(
    PATH,
    operation_id="getOpenDataServiceStatistics",
    summary="Open data: a month's handling statistics per department and service type (anyone)",
    responses={
        200: {
            "description": "the month's table; small counts suppressed (see the Table Schema)",
            "content": {"application/json": {}, "text/csv": {"example": CSV_EXAMPLE}},
        },
        **problems(406),
    },
)
async def service_statistics(
    request: Request,
    month: Month,
    format: Literal["csv", "json"] | None = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """CSV or JSON by `format`, else by the Accept header (JSON by default). A month that is
    not over yet is published as far as it goes (`complete` false)."""
    limiter = request.app.state.limiter
    await limiter.for_address(request, limiter.anonymous, "open-data")
    wants_csv = _wants_csv(format, accept)
    cl = clients(request)
    md = await cl.anonymous_metadata(request.state.request_id)
    message = cases_pb2.GetOpenDataStatisticsRequest(month=month)
    reply = await call(cl.cases.GetOpenDataStatistics, message, md, request)
    headers = {"Cache-Control": "public, max-age=300", "Vary": "Accept"}
    if wants_csv:
        headers["Content-Disposition"] = f'inline; filename="service-statistics-{month}.csv"'
        return Response(as_csv(reply), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(as_json(reply, str(request.url_for("schema"))), headers=headers)


@router.get(
    f"{PATH}/schema",
    operation_id="getOpenDataSchema",
    summary="The Frictionless Table Schema of the service statistics (every column described)",
    responses=problems(),
)
async def schema() -> JSONResponse:
    """Table Schema (https://specs.frictionlessdata.io/table-schema/)."""
    return JSONResponse(table_schema(), headers={"Cache-Control": "public, max-age=3600"})


def _months(today: date, count: int) -> list[str]:
    year, month, out = today.year, today.month, []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


@router.get(
    f"{PATH}/dataset",
    operation_id="getOpenDataDataset",
    summary="The dataset's description in the shape of CKAN's package_show (for harvesting)",
    responses=problems(),
)
async def dataset(request: Request) -> JSONResponse:
    """One CSV and one JSON resource per month of the last twelve, each with the schema."""
    data_url, schema_url = (
        str(request.url_for("service_statistics")),
        str(request.url_for("schema")),
    )
    resources = []
    for month in _months(date.today(), 12):
        for fmt, mimetype in (("CSV", "text/csv"), ("JSON", "application/json")):
            resources.append({
                "id": f"service-statistics-{month}-{fmt.lower()}",
                "name": f"Service statistics {month} ({fmt})",
                "description": f"Handling statistics of {month} per department and service type.",
                "format": fmt, "mimetype": mimetype,
                "url": f"{data_url}?month={month}&format={fmt.lower()}",
                "schema": schema_url,
            })  # fmt: skip
    package = {
        "name": "onewindow-service-statistics",
        "title": "Government service handling statistics (monthly)",
        "notes": "Applications received, cases closed and closed on time, median handling time "
                 "in working days, ratings on the national five-level scale and bad ratings "
                 "remediated within 15 working days, per department and service type, with "
                 "department and city totals. Small counts are suppressed (see the schema).",
        "license_id": "cc-by", "state": "active", "type": "dataset", "private": False,
        "url": data_url, "frequency": "monthly", "num_resources": len(resources),
        "tags": [{"name": n} for n in ("government-services", "statistics", "open-data")],
        "extras": [{"key": "schema", "value": schema_url},
                   {"key": "suppression", "value": "small counts below k suppressed"}],
        "resources": resources,
    }  # fmt: skip
    return JSONResponse(
        {"help": f"{data_url}/dataset", "success": True, "result": package},
        headers={"Cache-Control": "public, max-age=3600"},
    )
