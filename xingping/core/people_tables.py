"""Tables for people: what the web's downloads write (docs/downloads.md).

A table is a list of `Column`s — a label (lazy gettext: Chinese for a Chinese reader,
English for an English one, never both), a getter and a kind — and the rows they are read
from. The kind decides how a value is shown:

- ``text``: as text; text that looks like a formula stays text (a text cell, never a
  formula) and loses its control characters;
- ``choice``: a stored code shown as its label (the model field's choices, or `choices=`);
- ``bool``: 是/否 (yes/no);
- ``date`` / ``datetime``: a real Excel date (local time), formatted ``yyyy-mm-dd``
  (``yyyy-mm-dd hh:mm``);
- ``percent``: a rate 0…1 as a number formatted ``0.0%`` (91.8%, not 0.918…);
- ``number``: a number (``number_format`` optional, e.g. ``0.00``).

The sheet has a bold header row, frozen (``A2``), an autofilter, and column widths from
the content (a CJK character counts double; capped). The command line's formats (C2–C8)
are not written here: `xingping export` keeps `core.tabular` and the contract's codes.
"""

import datetime
import decimal
import io
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from xingping.core.tabular import neutralise_csv
from xingping.core.text import clean_text

TEXT, CHOICE, BOOL, DATE, DATETIME, PERCENT, NUMBER = "text", "choice", "bool", "date", "datetime", "percent", "number"
KINDS = (TEXT, CHOICE, BOOL, DATE, DATETIME, PERCENT, NUMBER)
DATE_FORMAT, DATETIME_FORMAT, PERCENT_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0.0%"
WIDTH_SAMPLE = 2000  # rows measured for the column widths (the rest stream through)
MIN_WIDTH, MAX_WIDTH = 6, 60
KIND_WIDTH = {DATE: 12, DATETIME: 17, PERCENT: 8}


@dataclass(frozen=True)
class Column:
    """One column: `label` (lazy gettext), `get` (a dotted attribute path such as
    ``"unit.name"``, or a callable of the row), `kind` (one of KINDS)."""

    label: Any
    get: str | Callable[[Any], Any]
    kind: str = TEXT
    choices: Any = None  # for CHOICE: a mapping or Django choices; else the field's get_FOO_display
    number_format: str | None = None  # for NUMBER

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    def raw(self, row):
        """The value as stored (a code for a choice)."""
        if callable(self.get):
            return self.get(row)
        value = row
        for part in self.get.split("."):
            if value is None:
                return None
            value = value[part] if isinstance(value, dict) else getattr(value, part)
        return value

    def value(self, row):
        """The value as a person reads it (still a date, a number or a bool)."""
        if self.kind == CHOICE:
            return self._choice(row)
        return self.raw(row)

    def _choice(self, row):
        code = self.raw(row)
        if code in (None, ""):
            return ""
        if self.choices is not None:
            labels = self.choices if isinstance(self.choices, dict) else dict(self.choices)
            # a code without a label is shown as it is, never as another label
            return labels.get(code, code)
        if isinstance(self.get, str):
            owner_path, _sep, attr = self.get.rpartition(".")
            owner = Column("", owner_path).raw(row) if owner_path else row
            display = getattr(owner, f"get_{attr}_display", None)
            if display is not None:
                return display()
        return code


def field_column(model, name, *, get=None, label=None, kind=None, **options) -> Column:
    """A column for a model field: its verbose name as the label, its kind from the field
    (choices: CHOICE, BooleanField: BOOL, DateTimeField: DATETIME, DateField: DATE,
    numbers: NUMBER). `get` reads it through a relation (default: the field's name)."""
    from django.db import models

    f = model._meta.get_field(name)
    if kind is None:
        if f.choices:
            kind = CHOICE
        elif isinstance(f, models.BooleanField):
            kind = BOOL
        elif isinstance(f, models.DateTimeField):
            kind = DATETIME
        elif isinstance(f, models.DateField):
            kind = DATE
        elif isinstance(f, (models.IntegerField, models.DecimalField, models.FloatField)):
            kind = NUMBER
        else:
            kind = TEXT
    if kind == CHOICE and "choices" not in options and f.choices:
        options["choices"] = dict(f.flatchoices)
    return Column(label if label is not None else capfirst(f.verbose_name), get or name, kind, **options)


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _local(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    return value


def _shown(kind, value):
    """The text a cell shows (for widths and for CSV)."""
    if value is None or value == "":
        return ""
    if kind == BOOL:
        return _("yes") if value else _("no")
    if kind == PERCENT:
        return f"{float(value) * 100:.1f}%"
    if kind == DATE and isinstance(value, datetime.datetime):
        value = _local(value).date()
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return clean_text(str(value))


def _typed(kind, value):
    """The value an XLSX cell holds."""
    if value is None or value == "":
        return None
    if kind == BOOL:
        return _("yes") if value else _("no")
    if kind in (PERCENT, NUMBER):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, (int, float)):
            return value
        return clean_text(str(value))  # a text where a number was expected is shown as it is
    if kind == DATE:
        if isinstance(value, datetime.datetime):
            return _local(value).date()
        return value if isinstance(value, datetime.date) else clean_text(str(value))
    if kind == DATETIME:
        if isinstance(value, datetime.datetime):
            return _local(value)
        return value if isinstance(value, datetime.date) else clean_text(str(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return _shown(kind, value)
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return float(value) if isinstance(value, decimal.Decimal) else value
    return clean_text(str(value))


def _sheet_title(title: str) -> str:
    for ch in '[]:*?/\\':
        title = title.replace(ch, " ")
    return title.strip()[:31] or "Sheet1"


def write_people_xlsx(target, columns, rows, *, sheet_title: str) -> int:
    """Write the table to `target` (a binary stream); return the number of data rows."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(sheet_title))
    labels = [str(c.label) for c in columns]
    kinds = [c.kind for c in columns]
    rows = iter(rows)
    sample = []
    for row in rows:
        sample.append([c.value(row) for c in columns])
        if len(sample) >= WIDTH_SAMPLE:
            break
    widths = [display_width(label) + 2 for label in labels]
    for values in sample:
        for i, value in enumerate(values):
            text = _shown(kinds[i], value)
            longest = max((display_width(line) for line in text.splitlines()), default=0)
            widths[i] = max(widths[i], KIND_WIDTH.get(kinds[i], 0), longest + 2)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    ws.freeze_panes = "A2"

    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=clean_text(label))
        cell.data_type = "s"
        cell.font, cell.alignment = bold, centre
        header.append(cell)
    ws.append(header)

    formats = []
    for c in columns:
        formats.append({DATE: DATE_FORMAT, DATETIME: DATETIME_FORMAT, PERCENT: PERCENT_FORMAT}.get(c.kind)
                       or (c.number_format if c.kind == NUMBER else None))

    def cells(values):
        out = []
        for i, value in enumerate(values):
            typed = _typed(kinds[i], value)
            cell = WriteOnlyCell(ws, value=typed)
            if isinstance(typed, str):
                cell.data_type = "s"  # text that looks like a formula stays text
            elif formats[i] and typed is not None:
                if kinds[i] == DATETIME and not isinstance(typed, datetime.datetime):
                    cell.number_format = DATE_FORMAT
                else:
                    cell.number_format = formats[i]
            out.append(cell)
        return out

    count = 0
    for values in sample:
        ws.append(cells(values))
        count += 1
    for row in rows:
        ws.append(cells([c.value(row) for c in columns]))
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{count + 1}"
    wb.save(target)
    return count


def write_people_csv(stream, columns, rows) -> int:
    """The same table as CSV text (UTF-8 with BOM is added by the caller): labels, dates
    as yyyy-mm-dd, rates as 91.8%, formula-looking text with a leading apostrophe."""
    import csv

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([neutralise_csv(str(c.label)) for c in columns])
    count = 0
    for row in rows:
        line = []
        for c in columns:
            value = c.value(row)
            if c.kind == NUMBER and isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
                line.append(float(value) if isinstance(value, decimal.Decimal) else value)
            else:
                line.append(neutralise_csv(_shown(c.kind, value)))
        writer.writerow(line)
        count += 1
    return count


def people_table(fmt, columns, rows, *, sheet_title: str):
    """(bytes, number of data rows) of the table as `fmt` ("xlsx" or "csv")."""
    if fmt == "csv":
        buffer = io.StringIO()
        count = write_people_csv(buffer, columns, rows)
        return buffer.getvalue().encode("utf-8-sig"), count
    buffer = io.BytesIO()
    count = write_people_xlsx(buffer, columns, rows, sheet_title=sheet_title)
    return buffer.getvalue(), count


__all__ = ["Column", "field_column", "KINDS", "TEXT", "CHOICE", "BOOL", "DATE", "DATETIME", "PERCENT", "NUMBER", "people_table",
           "display_width"]
