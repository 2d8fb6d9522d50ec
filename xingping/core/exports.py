"""HTTP downloads of tables (Excel or CSV), formula-safe, for every list and report."""

from urllib.parse import quote

from django.http import HttpResponse

from xingping.core import tabular

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def table_response(filename, header, rows, fmt="xlsx", sheet_title="Sheet1"):
    """A download response; `filename` without extension (Chinese is fine)."""
    fmt = fmt if fmt in CONTENT_TYPES else "xlsx"
    data = tabular.write_table(fmt, header, rows, sheet_title=sheet_title)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{filename}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
