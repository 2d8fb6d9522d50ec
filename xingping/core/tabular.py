"""Safe tabular I/O, built once for every import and export (C2, C3).

Reading: CSV (UTF-8 with or without BOM; GB18030 as saved by Chinese Excel is accepted
too) or XLSX (first sheet, openpyxl read-only mode, defusedxml installed, refused before
parsing when it unpacks to more than 100× its size or more than
XINGPING_IMPORT_MAX_UNPACKED_BYTES, declared or counted while streaming; more than
XINGPING_IMPORT_MAX_ROWS rows are refused). Rows stream; nothing is held whole. Every cell
loses its control characters (core.text); a CSV decoding error names its row.

Writing: CSV or XLSX (write-only mode). Text that a spreadsheet would run as a formula
(starting with = + - @ tab CR LF) is neutralised: in XLSX it is stored as a text cell
with the same value; in CSV it gets a leading apostrophe, which `read_rows` strips again
so that an export imports back unchanged. Real numbers stay numeric. Control characters
are stripped on the way out too, so no stored text can break an export.
"""

import codecs
import csv
import datetime
import io
import os
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from xingping.core.text import clean_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_UNPACK_RATIO = 100
DEFAULT_MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # settings.XINGPING_IMPORT_MAX_UNPACKED_BYTES
DEFAULT_MAX_ROWS = 2_000_000  # settings.XINGPING_IMPORT_MAX_ROWS (data rows, header not counted)
STREAM_CHUNK = 1 << 20


class TabularError(Exception):
    """The file as a whole cannot be read (bad format, zip bomb, too many rows, no header).
    `row` is the row the problem was found in (1 when it is the file as a whole)."""

    def __init__(self, message, row=1):
        super().__init__(message)
        self.row = row


def max_unpacked_bytes():
    return int(getattr(settings, "XINGPING_IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES))


def max_rows():
    return int(getattr(settings, "XINGPING_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


# ---------------------------------------------------------------- reading

def _normalise(value):
    if type(value) is str:  # fast path: every CSV cell (its line was cleaned already)
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
    value = clean_text(str(value)).strip()
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        value = value[1:]  # undo our own CSV formula neutralisation
    return value


def _detect_encoding(path):
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte char cut at the probe's end
            return "utf-8"
        return "gb18030"


class _DecodeError(Exception):
    def __init__(self, line, exc):
        super().__init__(str(exc))
        self.line = line


def _decoded_lines(f, encoding):
    """Physical lines of a binary file, each decoded strictly; a bad byte names its line."""
    for line_number, raw in enumerate(f, start=1):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _DecodeError(line_number, exc) from exc
        if line_number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield clean_text(text)  # once per line, not per cell


def _read_csv(path):
    """Rows of a CSV file; a decoding error names the row as a spreadsheet numbers it (a
    quoted cell may span several physical lines: the row is the record being read)."""
    encoding = _detect_encoding(path)
    number = 0
    with open(path, "rb") as f:
        try:
            for number, row in enumerate(csv.reader(_decoded_lines(f, encoding)), start=1):
                cells = [v.strip() for v in row]  # _normalise's string case, at C speed
                if "'" in "".join(cells):  # rare: undo our own formula neutralisation cell by cell
                    cells = [_normalise(v) for v in cells]
                yield number, cells
        except _DecodeError as exc:
            raise TabularError(
                _("This row cannot be decoded; save the file as UTF-8 (%(error)s).") % {"error": exc}, row=number + 1
            ) from exc
        except csv.Error as exc:
            raise TabularError(_("This row cannot be read (%(error)s).") % {"error": exc}, row=number + 1) from exc


def _too_large(limit):
    return TabularError(
        _("The XLSX file unpacks to more than %(limit)s and is refused; split it or save it as CSV.")
        % {"limit": filesizeformat(limit)}
    )


def check_xlsx(path):
    """Refuse a zip bomb before openpyxl parses anything: the sizes the archive declares
    (total and ratio), then the bytes really unpacked, counted while streaming each
    member (an archive may lie about its sizes)."""
    size = os.path.getsize(path)
    limit = max_unpacked_bytes()
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names:
                raise TabularError(_("Not a readable XLSX file: no workbook."))
            declared = sum(info.file_size for info in infos)
            if declared > limit:
                raise _too_large(limit)
            if declared > MAX_UNPACK_RATIO * max(size, 1):
                raise TabularError(
                    _("The XLSX file unpacks to more than %(ratio)d times its size and is refused.") % {"ratio": MAX_UNPACK_RATIO}
                )
            unpacked = 0
            for info in infos:
                with z.open(info) as member:
                    while chunk := member.read(STREAM_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limit or unpacked > MAX_UNPACK_RATIO * max(size, 1):
                            raise _too_large(limit)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise TabularError(_("Not a readable XLSX file: %s") % exc) from exc


def _too_many_rows(limit, row):
    return TabularError(
        _("The file has more than %(limit)s data rows and is refused; split it.") % {"limit": f"{limit:,}"}, row=row
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
            raise TabularError(_("Not a readable XLSX file: %s") % exc) from exc
        try:
            ws = wb.worksheets[0]
            limit = max_rows()
            declared = ws.max_row  # from the sheet's <dimension>, when it has one: refuse early
            if isinstance(declared, int) and declared > limit + 1:
                raise _too_many_rows(limit, limit + 2)
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > limit + 1:
                    raise _too_many_rows(limit, number)
                yield number, [_normalise(clean_text(v) if type(v) is str else v) for v in row]
        finally:
            wb.close()
    elif path.lower().endswith(".csv"):
        yield from _read_csv(path)
    else:
        raise TabularError(_("Only .csv and .xlsx files are accepted."))


# ---------------------------------------------------------------- writing

def neutralise_csv(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = clean_text(str(value))  # defence in depth: stored text from before the input rule
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(stream, header, rows):
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_csv(v) for v in row])


def write_xlsx(target, header, rows, sheet_title="Sheet1", *, freeze_header=False, widths=None):
    """Write an XLSX to a path or binary stream (write-only mode). `freeze_header` keeps the
    header row in view while scrolling; `widths` gives column widths (characters) in order."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    if freeze_header:
        ws.freeze_panes = "A2"
    for i, width in enumerate(widths or (), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    def cell(value):
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        elif isinstance(value, str):
            value = clean_text(value)  # an XLSX cell refuses control characters
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str) and c.data_type != "s":
            c.data_type = "s"  # text that looks like a formula stays text
        return c

    ws.append([cell(h) for h in header])
    for row in rows:
        ws.append([cell(v) for v in row])
    wb.save(target)


def write_table(fmt, header, rows, target=None, sheet_title="Sheet1", **xlsx_options):
    """Write to `target` (path or stream); return bytes when target is None. `xlsx_options`
    (`freeze_header`, `widths`) apply to Excel only."""
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
            write_xlsx(buffer, header, rows, sheet_title, **xlsx_options)
            return buffer.getvalue()
        write_xlsx(target, header, rows, sheet_title, **xlsx_options)
        return None
    raise ValueError(f"unknown format {fmt!r}")
