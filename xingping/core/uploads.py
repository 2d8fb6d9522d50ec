"""Upload checks: type by content (magic bytes), not by name; size by setting."""

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
        name = (getattr(uploaded, "name", "") or "").lower()
        kind = "xls" if name.endswith(".xls") else "doc"
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
            _("The file is too large (%(size)s); the limit is %(limit)s. 文件过大（%(size)s），上限为 %(limit)s。")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_bytes)},
            code="file_size",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty. 文件为空。"), code="file_empty")
    kind = sniff(uploaded)
    if kind not in allowed:
        raise ValidationError(
            _("This file type is not allowed; allowed: %(types)s. 不允许的文件类型，只允许：%(types)s。")
            % {"types": ", ".join(allowed)},
            code="file_type",
        )
    return kind
