"""The ballot API of C7: no login, no CSRF, no session; one ballot per token."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from xingping.evaluation import services


def ballot_payload(evaluation):
    rubric = services.ballot_rubric(evaluation)
    choices = [{"value": value, "label": label} for value, label, _points in rubric["choices"]]
    return {
        "units": [{"code": code, "name": name} for _pk, code, name in rubric["units"]],
        "items": [{"code": code, "text": text, "choices": choices} for _pk, code, text in rubric["items"]],
    }


class BallotView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def _error(self, err):
        body = err.detail if isinstance(err.detail, dict) else {"detail": err.detail}
        return Response(body, status=err.status)

    def get(self, request, token):
        try:
            tok = services.token_lookup(token)
        except services.BallotError as err:
            return self._error(err)
        return Response(ballot_payload(tok.evaluation))

    def post(self, request, token):
        try:
            data = request.data
        except (ParseError, RecursionError):  # not JSON, or nested too deep to parse
            return Response({"detail": _("The ballot is not valid JSON (选票格式错误).")}, status=400)
        if not isinstance(data, dict) or "scores" not in data:
            try:
                services.token_lookup(token)
            except services.BallotError as err:
                return self._error(err)
            return Response({"scores": [_("This field is required (缺少评分).")]}, status=400)
        try:
            receipt = services.ballot_cast(token=token, scores=data["scores"])
        except services.BallotError as err:
            return self._error(err)
        return Response({"receipt": receipt}, status=201)
