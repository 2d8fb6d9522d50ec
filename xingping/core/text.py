"""Control characters out of every text a user or an import supplies (issue 9, part 4).

`clean_text` removes C0 controls except tab, line feed and carriage return, DEL, C1
controls, lone surrogates and the non-characters U+FFFE/U+FFFF: none of them has a
meaning in Xingping's data, and each breaks something downstream (an XLSX cell refuses
them, PostgreSQL refuses NUL, XML refuses the rest). With `multiline=False` tab, line
feed and carriage return become one space as well (a name, a title, an import cell).

One mechanism per way in (docs/input-hardening.md):
- HTTP requests: `ControlCharacterMiddleware` cleans every GET and POST value and every
  JSON body (DRF, Open311) before any view or form sees it;
- imports: `core.tabular.read_rows` cleans every cell, `core.imports.Column` collapses
  line breaks unless the column is `multiline`;
- exports: `core.tabular` cleans again on the way out, so text stored before this rule
  (or by a raw SQL fix) cannot break a download.
"""

import io
import json
import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r]+")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` without control characters (tab, LF and CR kept only when `multiline`)."""
    if not isinstance(value, str) or value.isprintable():  # the common case, at C speed
        return value
    if multiline:
        return _CONTROL.sub("", value) if _CONTROL.search(value) else value
    if not _CONTROL_OR_BREAK.search(value):
        return value
    return _CONTROL.sub("", _BREAKS.sub(" ", value))


def has_control(value: str) -> bool:
    return isinstance(value, str) and _CONTROL.search(value) is not None


def clean_data(data, *, multiline: bool = True):
    """Clean every string (keys too) in parsed JSON data."""
    if isinstance(data, str):
        return clean_text(data, multiline=multiline)
    if isinstance(data, list):
        return [clean_data(v, multiline=multiline) for v in data]
    if isinstance(data, dict):
        return {clean_text(k): clean_data(v, multiline=multiline) for k, v in data.items()}
    return data


def _clean_querydict(qd):
    if not any(has_control(k) or any(has_control(v) for v in values) for k, values in qd.lists()):
        return qd
    cleaned = qd.copy()  # mutable
    cleaned.clear()
    for key, values in qd.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


JSON_TYPES = ("application/json", "application/geo+json")


class ControlCharacterMiddleware:
    """Strips control characters from request input before any view sees it.

    Query strings and form bodies (urlencoded and multipart: file contents are left
    alone, their names are cleaned by Django's upload handling) are replaced by cleaned
    copies; a JSON body is decoded, cleaned and re-encoded, so DRF's parsers and views
    reading `request.body` get the cleaned text. A body that is not valid JSON is left
    for the view to refuse as it does today.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET:
            request.GET = _clean_querydict(request.GET)
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            content_type = request.content_type or ""
            if content_type in JSON_TYPES:
                self._clean_json(request)
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                request.POST = _clean_querydict(request.POST)
        return self.get_response(request)

    @staticmethod
    def _clean_json(request):
        body = request.body
        # JSON refuses raw control characters inside strings: they can only come in as
        # escapes (\u0001, \b, \f). No backslash, nothing to clean: the body stays as sent.
        if not body or b"\\" not in body:
            return
        try:
            cleaned = clean_data(json.loads(body))
        except (ValueError, RecursionError):  # not JSON, or nested absurdly deep: the view refuses it
            return
        new = json.dumps(cleaned, ensure_ascii=False).encode("utf-8")
        request._body = new
        request._stream = io.BytesIO(new)
        request.META["CONTENT_LENGTH"] = str(len(new))
