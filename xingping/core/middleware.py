"""AuditMiddleware: records denied accesses and downloads in the audit log.

- A view that raised core.audit.AccessDenied (a policy refused; orgs.policy raises it)
  gets one `access.denied` event, then the usual 404.
- A response tagged by core.audit.mark_export (every download from core.exports) gets
  one `export` event naming the file and the row count.

Cheap: nothing is written for any other request."""

from xingping.core import audit


def _where(request) -> str:
    return f"{request.method} {request.path}"[:200]


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        export = getattr(response, "xingping_export", None)
        if export is not None and 200 <= response.status_code < 300:
            audit.record_event(
                actor=getattr(request, "user", None),
                action="export",
                note=_where(request),
                object_type="download",
                object_id=str(export.get("rows") if export.get("rows") is not None else ""),
                object_repr=export["file"],
                new={"file": export["file"], "rows": export.get("rows"), "path": request.path},
            )
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, audit.AccessDenied):
            audit.record_event(
                actor=getattr(request, "user", None),
                action="access.denied",
                note=_where(request),
                object_type=exception.object_type,
                object_id=exception.object_id,
                new={"path": request.path, "method": request.method, "action": exception.action},
            )
        return None  # Django answers the 404 as usual


class LanguageMiddleware:
    """One language per page: the site's language (settings.LANGUAGE_CODE, zh-hans) unless
    the visitor chose another with the language switch. Replaces Django's LocaleMiddleware,
    which follows the browser's Accept-Language header: that header alone never switches.

    The choice is, in order: the signed-in user's `language` (remembered on the account by
    the switch, read as an attribute only: core imports no accounts), the language cookie
    the switch sets (the public, anonymous visitors), the site's language. Sits after the
    authentication middleware so `request.user` is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def chosen(request) -> str:
        from django.conf import settings

        codes = {code for code, _name in settings.LANGUAGES}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            stored = getattr(user, "language", "") or ""
            if stored in codes:
                return stored
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie in codes:
            return cookie
        return settings.LANGUAGE_CODE

    def __call__(self, request):
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        language = self.chosen(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # the next request, task or command on this thread starts from the site's language
            # (the page is rendered by now; downloads are built before they are returned)
            translation.deactivate()
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
