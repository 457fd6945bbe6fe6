"""Web layer: turning the session's record into files: JSON, CSV, XLSX, a printable report, PDF.

The PDF is the printable report itself, rendered by WeasyPrint; WeasyPrint is loaded only when
a PDF is asked for, so a server without its system libraries still serves everything else and
says plainly why the PDF is missing.
"""

from __future__ import annotations

from typing import Literal

from fastapi import HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.engine import shapes
from app.resources import shipped
from app.services import exports
from app.web.debrief_context import debrief_context
from app.web.i18n import translator
from app.web.templating import pages

Format = Literal["json", "csv", "xlsx", "pdf", "html"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_html(record: exports.Record, language: str, pseudonymise: bool, for_pdf: bool) -> str:
    state = record.state
    page = debrief_context(
        state,
        record.log,
        language,
        translator(language),
        show_names=True,
        pseudonymise=pseudonymise,
    )
    page |= {
        "_": translator(language),
        "lang": language,
        "session_id": state.session_id,
        "pseudonymised": pseudonymise,
        "exported_at": (shapes.iso(record.log[-1].at) or "")[:16].replace("T", " "),
        "css_href": "css/app.css" if for_pdf else "/static/css/app.css",
        "print_css_href": "css/print.css" if for_pdf else "/static/css/print.css",
    }
    return pages.env.get_template("report.html").render(page)


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


def _pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as missing:
        raise HTTPException(
            503,
            "PDF export needs WeasyPrint and its system libraries (Pango); "
            "use the printable report and your browser's 'Save as PDF' instead",
        ) from missing
    pdf: bytes = HTML(string=html, base_url=str(shipped("static")) + "/").write_pdf()
    return pdf


def export_response(
    record: exports.Record, fmt: Format, table: str, pseudonymise: bool, language: str
) -> Response:
    sid = record.state.session_id
    if fmt == "json":
        return JSONResponse(
            exports.as_json(record, pseudonymise), headers=_attachment(f"session-{sid}.json")
        )
    if fmt == "csv":
        if table not in exports.TABLES:
            raise HTTPException(422, f"table must be one of {', '.join(exports.TABLES)}")
        return Response(
            exports.as_csv(record, table, pseudonymise),
            media_type="text/csv; charset=utf-8",
            headers=_attachment(f"{table}-{sid}.csv"),
        )
    if fmt == "xlsx":
        return Response(
            exports.as_xlsx(record, pseudonymise),
            media_type=XLSX,
            headers=_attachment(f"session-{sid}.xlsx"),
        )
    html = report_html(record, language, pseudonymise, for_pdf=fmt == "pdf")
    if fmt == "html":
        return HTMLResponse(html)
    return Response(
        _pdf(html), media_type="application/pdf", headers=_attachment(f"report-{sid}.pdf")
    )
