"""HTTP downloads of tables (Excel or CSV), formula-safe, for every list and report."""

import os
from urllib.parse import quote

from django.http import HttpResponse

from xingping.core import tabular
from xingping.core.audit import mark_export

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def table_response(filename, header, rows, fmt="xlsx", sheet_title="Sheet1", **xlsx_options):
    """A download response; `filename` without extension (Chinese is fine). `xlsx_options`
    (`freeze_header=True`, `widths=[…]`) shape an Excel download (core.tabular.write_xlsx)."""
    fmt = fmt if fmt in CONTENT_TYPES else "xlsx"
    counted = [0]

    def counting(rows):
        for row in rows:
            counted[0] += 1
            yield row

    data = tabular.write_table(fmt, header, counting(rows), sheet_title=sheet_title,
                               **(xlsx_options if fmt == "xlsx" else {}))
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


def stored_kind(fieldfile):
    """The type of a stored upload: the extension it was stored under (core.uploads),
    or, for a file stored before that rule, its content sniffed again."""
    from xingping.core.uploads import sniff

    ext = os.path.splitext(fieldfile.name or "")[1].lstrip(".").lower()
    if ext in FILE_TYPES:
        return ext
    try:
        with fieldfile.open("rb") as handle:
            return sniff(handle)
    except (FileNotFoundError, ValueError):
        return None


def file_download(fieldfile, filename, kind=None):
    """An uploaded file as a download, for views that have already checked scope. A file
    missing from storage is a 404, not a server error. `kind` is the type sniffed at
    upload (core.uploads); without it, the type it was stored under. The download is
    always an attachment named with that type's extension and served as that type
    (never as HTML, whatever the sender called it), with `nosniff`."""
    from django.http import FileResponse, Http404

    kind = kind if kind in FILE_TYPES else stored_kind(fieldfile)
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    stem = os.path.splitext(os.path.basename(filename or ""))[0] or "file"
    if kind in FILE_TYPES:
        name, content_type = f"{stem}.{kind}", FILE_TYPES[kind]
    else:  # not one of the accepted types (cannot come from an upload path): opaque bytes
        name, content_type = stem, "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return mark_export(response, filename=name)  # audited by AuditMiddleware
