"""Web layer: turning the session's record into files: JSON, CSV, XLSX, a printable report, PDF.

``render`` makes the file; it runs in an export worker process (``services.export_pool``), gets
the record and gives back bytes, so no export ever holds the event loop. ``export_response`` is
the request's side: it checks the choice, waits for a worker, and answers 429 with
``Retry-After`` when the exports are busy. The PDF is the printable report itself, rendered by
WeasyPrint; WeasyPrint is loaded only when a PDF is asked for, so a server without its system
libraries still serves everything else and says plainly why the PDF is missing (503).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from fastapi import HTTPException
from fastapi.responses import Response
from starlette.requests import HTTPConnection

from app.resources import shipped
from app.services import exports, zones
from app.services.export_pool import ExportFailed, ExportsBusy
from app.services.export_text import encodable
from app.web.i18n import chosen_language, translator
from app.web.pages.debrief.context import debrief_context
from app.web.rendering import pages

if TYPE_CHECKING:
    from app.web.runtime import Runtime

Format = Literal["json", "csv", "xlsx", "pdf", "html"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_PDF = (
    "PDF export needs WeasyPrint and its system libraries (Pango); "
    "use the printable report and your browser's 'Save as PDF' instead"
)


class NoPdf(Exception):
    """WeasyPrint or its system libraries are missing."""


@dataclass(frozen=True)
class File:
    body: bytes
    media_type: str
    filename: str | None
    """None for the printable report, which the browser shows rather than saves."""


def report_html(record: exports.Record, language: str, pseudonymise: bool, for_pdf: bool) -> str:
    state = record.state
    where = zones.zone(state.timezone)
    context = debrief_context(record, language, translator(language), True, pseudonymise, where)
    page = {
        **context,
        "_": translator(language),
        "lang": language,
        "session_id": state.session_id,
        "pseudonymised": pseudonymise,
        "exported_at": zones.stamp(record.log[-1].at, where) if record.log else "",
        "css_href": "css/app.css" if for_pdf else "/static/css/app.css",
        "print_css_href": "css/print.css" if for_pdf else "/static/css/print.css",
    }
    return pages.env.get_template("report.html").render(page)


def _pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as missing:
        raise NoPdf(NO_PDF) from missing
    pdf: bytes = HTML(string=html, base_url=str(shipped("static")) + "/").write_pdf()
    return pdf


def render(
    record: exports.Record, fmt: Format, table: str, pseudonymise: bool, language: str
) -> File:
    """The file itself; runs in an export worker."""
    sid = record.state.session_id
    if fmt == "json":
        text = json.dumps(
            exports.as_json(record, pseudonymise),
            ensure_ascii=False,
            allow_nan=False,
            separators=(",", ":"),
        )
        return File(encodable(text).encode(), "application/json", f"session-{sid}.json")
    if fmt == "csv":
        text = exports.as_csv(record, table, pseudonymise)
        return File(text.encode(), "text/csv; charset=utf-8", f"{table}-{sid}.csv")
    if fmt == "xlsx":
        return File(exports.as_xlsx(record, pseudonymise), XLSX, f"session-{sid}.xlsx")
    html = encodable(report_html(record, language, pseudonymise, for_pdf=fmt == "pdf"))
    if fmt == "html":
        return File(html.encode(), "text/html; charset=utf-8", None)
    return File(_pdf(html), "application/pdf", f"report-{sid}.pdf")


async def export_response(
    runtime: Runtime,
    sid: str,
    fmt: Format,
    table: str,
    pseudonymise: bool,
    reader: HTTPConnection | None = None,
) -> Response:
    """The file, in the language ``reader`` chose (by default the session's). A full queue is
    refused before the log is read, so a flood of requests costs next to nothing."""
    if fmt == "csv" and table not in exports.TABLES:
        raise HTTPException(422, f"table must be one of {', '.join(exports.TABLES)}")
    try:
        runtime.exports.admit()
        record = await exports.load(runtime.ctx, sid)
        language = record.state.language
        if reader is not None:
            language = chosen_language(reader, language)
        made = await runtime.exports.run(render, record, fmt, table, pseudonymise, language)
    except ExportsBusy as busy:
        retry = {"Retry-After": str(busy.retry_after_s)}
        raise HTTPException(429, str(busy), headers=retry) from busy
    except (ExportFailed, NoPdf) as failed:
        raise HTTPException(503, str(failed)) from failed
    headers = {}
    if made.filename is not None:
        headers["content-disposition"] = f'attachment; filename="{made.filename}"'
    return Response(made.body, media_type=made.media_type, headers=headers)
