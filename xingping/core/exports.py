"""HTTP downloads of tables (Excel or CSV), formula-safe, for every list and report.

Every web download is for people (`people_download`, docs/downloads.md): labelled columns
(core.people_tables), a file name in the reader's language with the unit's name and the
day. `table_response` writes a header and rows as given (kept for callers outside the web).
"""

import datetime
import os
import re
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from xingping.core import tabular
from xingping.core.audit import mark_export
from xingping.core.people_tables import people_table

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


UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def download_name(*parts) -> str:
    """A file name stem from its parts (the unit's name, what the table is, the day),
    joined with "_", without characters a file system refuses."""
    words = [UNSAFE_IN_NAMES.sub(" ", str(p)).strip() for p in parts if p not in (None, "")]
    return "_".join(w for w in words if w) or "download"


def content_disposition(name: str, ascii_name: str) -> str:
    """`attachment` with the real (Chinese) name as RFC 5987 `filename*` and an ASCII
    fallback for old clients."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("_") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def people_download(*, title, unit_name: str | None, columns, rows, ascii_name: str, fmt: str = "xlsx",
                    day: datetime.date | None = None, sheet_title=None):
    """A table for people as a download named `<unit>_<title>_<day>.<fmt>`, e.g.
    孝感市市场监督管理局_案件台账_2026-12-02.xlsx. `title` is lazy gettext (the reader's
    language); `ascii_name` is the fallback name's stem (e.g. "cases"). Audited."""
    fmt = fmt if fmt in CONTENT_TYPES else "xlsx"
    day = day or timezone.localdate()
    stem = download_name(unit_name, title, day.isoformat())
    data, count = people_table(fmt, columns, rows, sheet_title=str(sheet_title or title))
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{stem}.{fmt}"
    response["Content-Disposition"] = content_disposition(name, f"{ascii_name}_{day.isoformat()}.{fmt}")
    return mark_export(response, filename=name, rows=count)  # audited by AuditMiddleware


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
