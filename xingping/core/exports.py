"""HTTP downloads of tables (Excel or CSV), formula-safe, for every list and report."""

from urllib.parse import quote

from django.http import HttpResponse

from xingping.core import tabular
from xingping.core.audit import mark_export

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def table_response(filename, header, rows, fmt="xlsx", sheet_title="Sheet1"):
    """A download response; `filename` without extension (Chinese is fine)."""
    fmt = fmt if fmt in CONTENT_TYPES else "xlsx"
    counted = [0]

    def counting(rows):
        for row in rows:
            counted[0] += 1
            yield row

    data = tabular.write_table(fmt, header, counting(rows), sheet_title=sheet_title)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{filename}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return mark_export(response, filename=name, rows=counted[0])  # audited by AuditMiddleware


FILE_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": CONTENT_TYPES["xlsx"],
    "jpg": "image/jpeg",
    "png": "image/png",
}


def file_download(fieldfile, filename, kind=None):
    """An uploaded file as a download, for views that have already checked scope. A file
    missing from storage is a 404, not a server error. `kind` is the type sniffed at
    upload (core.uploads); without it the type is guessed from the name."""
    from django.http import FileResponse, Http404

    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    extra = {"content_type": FILE_TYPES[kind]} if kind in FILE_TYPES else {}
    response = FileResponse(handle, as_attachment=True, filename=filename, **extra)
    return mark_export(response, filename=filename)  # audited by AuditMiddleware
