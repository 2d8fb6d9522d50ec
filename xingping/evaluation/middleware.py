"""The ballot POST's short way through the stack (issue 12, load).

`POST /api/v1/ballots/<token>/` is public, sessionless and CSRF-exempt (C7): sessions,
authentication, second factor, sign-in gate, audit of denied pages, messages, CSP
(HTML only), htmx and the lockout have nothing to do with it, yet cost more CPU than the
ballot's own write when a hall of phones submits at once. Placed right after
SecurityMiddleware (whose headers still apply), this answers it with `api.fast_post`, in
the language the request asks for, and passes every other request on.

What the skipped middleware would have done to this request: ControlCharacterMiddleware
cleans strings in JSON bodies — a ballot holds only unit and item codes (looked up, never
stored) and integers; LocaleMiddleware — done here."""

import re

from django.urls import reverse
from django.utils import translation

from xingping.evaluation.api import fast_post


class BallotPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        marker = "TOKEN"
        prefix, _sep, suffix = reverse("evaluation-ballot-api", args=[marker]).partition(marker)
        self.pattern = re.compile("^" + re.escape(prefix) + r"([^/]+)" + re.escape(suffix) + "$")

    def __call__(self, request):
        if request.method == "POST":
            match = self.pattern.match(request.path_info)
            if match:
                with translation.override(translation.get_language_from_request(request)):
                    response = fast_post(request, match.group(1))
                response["Cache-Control"] = "no-store"
                return response
        return self.get_response(request)
