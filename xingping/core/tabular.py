"""Safe tabular I/O, built once for every import and export (C2, C3).

Reading: CSV (UTF-8 with or without BOM; GB18030 as saved by Chinese Excel is accepted
too) or XLSX (first sheet, openpyxl read-only mode, defusedxml installed, refused before
parsing when it unpacks to more than 100× its size). Rows stream; nothing is held whole.

Writing: CSV or XLSX (write-only mode). Text that a spreadsheet would run as a formula
(starting with = + - @ tab CR LF) is neutralised: in XLSX it is stored as a text cell
with the same value; in CSV it gets a leading apostrophe, which `read_rows` strips again
so that an export imports back unchanged. Real numbers stay numeric.
"""

import codecs
import csv
import datetime
import io
import os
import zipfile

from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_UNPACK_RATIO = 100


class TabularError(Exception):
    """The file as a whole cannot be read (bad format, zip bomb, no header)."""


# ---------------------------------------------------------------- reading

def _normalise(value):
    if type(value) is str:  # fast path: every CSV cell (same result as below)
        value = value.strip()
        if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
            value = value[1:]
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    value = str(value).strip()
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        value = value[1:]  # undo our own CSV formula neutralisation
    return value


def _detect_encoding(path):
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte char cut at the probe's end
            return "utf-8-sig"
        return "gb18030"


def check_xlsx(path):
    size = os.path.getsize(path)
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(info.file_size for info in z.infolist())
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TabularError(_("Not a readable XLSX file (不是有效的 XLSX 文件): %s") % exc) from exc
    if "xl/workbook.xml" not in names:
        raise TabularError(_("Not a readable XLSX file (不是有效的 XLSX 文件): no workbook."))
    if unpacked > MAX_UNPACK_RATIO * max(size, 1):
        raise TabularError(
            _("The XLSX file unpacks to more than %(ratio)d times its size and is refused "
              "(XLSX 解压后超过原大小的 %(ratio)d 倍，拒绝处理).") % {"ratio": MAX_UNPACK_RATIO}
        )


def read_rows(path):
    """Yield (row_number, [cell strings]) for every row, the header being row 1."""
    path = str(path)
    if path.lower().endswith(".xlsx"):
        import defusedxml  # noqa: F401  (openpyxl uses it when installed)
        import openpyxl

        check_xlsx(path)
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a corrupt file
            raise TabularError(_("Not a readable XLSX file (不是有效的 XLSX 文件): %s") % exc) from exc
        try:
            ws = wb.worksheets[0]
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, [_normalise(v) for v in row]
        finally:
            wb.close()
    elif path.lower().endswith(".csv"):
        with open(path, newline="", encoding=_detect_encoding(path), errors="strict") as f:
            try:
                for number, row in enumerate(csv.reader(f), start=1):
                    yield number, [_normalise(v) for v in row]
            except (UnicodeDecodeError, csv.Error) as exc:
                raise TabularError(_("The CSV file cannot be read (CSV 文件无法读取): %s") % exc) from exc
    else:
        raise TabularError(_("Only .csv and .xlsx files are accepted (只接受 .csv 和 .xlsx 文件)."))


# ---------------------------------------------------------------- writing

def neutralise_csv(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(stream, header, rows):
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_csv(v) for v in row])


def write_xlsx(target, header, rows, sheet_title="Sheet1"):
    """Write an XLSX to a path or binary stream (write-only mode)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])

    def cell(value):
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str) and c.data_type != "s":
            c.data_type = "s"  # text that looks like a formula stays text
        return c

    ws.append([cell(h) for h in header])
    for row in rows:
        ws.append([cell(v) for v in row])
    wb.save(target)


def write_table(fmt, header, rows, target=None, sheet_title="Sheet1"):
    """Write to `target` (path or stream); return bytes when target is None."""
    if fmt == "csv":
        if target is None or isinstance(target, (str, os.PathLike)):
            buffer = io.StringIO()
            write_csv(buffer, header, rows)
            data = buffer.getvalue().encode("utf-8-sig")
            if target is None:
                return data
            with open(target, "wb") as f:
                f.write(data)
            return None
        write_csv(target, header, rows)
        return None
    if fmt == "xlsx":
        if target is None:
            buffer = io.BytesIO()
            write_xlsx(buffer, header, rows, sheet_title)
            return buffer.getvalue()
        write_xlsx(target, header, rows, sheet_title)
        return None
    raise ValueError(f"unknown format {fmt!r}")
