"""Upload checks: type by content (magic bytes), not by name; size by setting. Every
upload path stores the file with `store_upload`, under an extension derived from the
detected type, never the sender's (`poly.html` with a PDF header is kept as `.pdf`)."""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# kind -> (extensions, content test)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls container


def _zip_members(f):
    try:
        with zipfile.ZipFile(f) as z:
            return set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _ole2_kind(uploaded):
    """A legacy Office container is Word when it holds a `WordDocument` stream and Excel
    when it holds a `Workbook` (BIFF8) or `Book` (BIFF5) stream; the directory entries are
    UTF-16LE names somewhere in the file. Anything else is not accepted."""
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
        return "xls"
    return None


def sniff(uploaded):
    """The real type of an uploaded file: pdf, doc, docx, xls, xlsx, jpg, png, or None."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpg"
    elif head.startswith(OLE2):
        kind = _ole2_kind(uploaded)
    elif head.startswith(b"PK\x03\x04"):
        members = _zip_members(uploaded)
        uploaded.seek(0)
        if "word/document.xml" in members:
            kind = "docx"
        elif "xl/workbook.xml" in members:
            kind = "xlsx"
    return kind


DOCUMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "png")
IMAGE_TYPES = ("jpg", "png")


def validate_upload(uploaded, allowed=DOCUMENT_TYPES, max_bytes=None):
    """Raise a bilingual ValidationError unless the file is an allowed type and size."""
    max_bytes = max_bytes or settings.XINGPING_UPLOAD_MAX_BYTES
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_bytes)},
            code="file_size",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    kind = sniff(uploaded)
    if kind not in allowed:
        raise ValidationError(
            _("This file type is not allowed; allowed: %(types)s.")
            % {"types": ", ".join(allowed)},
            code="file_type",
        )
    return kind


def stored_name(original_name, kind, stem_default="file"):
    """The name a file is stored under: the sender's stem (at most 80 characters), the
    extension of what the file really is."""
    stem = os.path.splitext(os.path.basename(original_name or ""))[0][:80].strip(". ") or stem_default
    return f"{stem}.{kind}"


def store_upload(fieldfile, uploaded, kind, stem_default="file"):
    """Save `uploaded` (already checked by `validate_upload`, which returned `kind`) into
    `fieldfile` under the detected type's extension; the model is not saved."""
    fieldfile.save(stored_name(uploaded.name, kind, stem_default), uploaded, save=False)
    return fieldfile
