"""The ballot API of C7: no login, no CSRF, no session; one ballot per token.

GET goes through DRF. POST, the hot path of an evaluation meeting (10,000 ballots a minute,
issue 12), is answered by `fast_post`, plain Django code, from
`evaluation.middleware.BallotPostMiddleware` near the top of the stack, with the same
contract and the same OpenAPI schema (the `post` method below documents it and answers
the same way if the middleware is not installed): the DRF request wrapper, parser
negotiation, response renderer and the session/auth/CSP middleware cost more than the
ballot's own write."""

import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from xingping.evaluation import services


def ballot_payload(evaluation, units=()):
    """What the token's ballot asks (C7): only its assigned `units` (unit pks; empty = all);
    不了解 carries `"abstain": true` and is left out where the campaign forbids it; an
    optional detail (overall form) carries `"required": false`."""
    rubric = services.rubric_for_token(services.ballot_rubric(evaluation), list(units))
    choices = []
    for value, label, _points, abstain in rubric["choices"]:
        if abstain and not evaluation.allow_abstain:
            continue
        choices.append({"value": value, "label": label, **({"abstain": True} if abstain else {})})
    return {
        "form": evaluation.ballot_form,
        "units": [{"code": code, "name": name} for _pk, code, name in rubric["units"]],
        "items": [{"code": code, "text": text, "choices": choices, **({} if required else {"required": False})}
                  for _key, code, text, required in rubric["items"]],
    }


BALLOT_SCHEMA = inline_serializer("Ballot", {
    "units": inline_serializer("BallotUnit", {"code": serializers.CharField(), "name": serializers.CharField()}, many=True),
    "items": inline_serializer("BallotItem", {"code": serializers.CharField(), "text": serializers.CharField(),
                                              "choices": inline_serializer(
        "BallotChoice", {"value": serializers.IntegerField(), "label": serializers.CharField()}, many=True)}, many=True),
})
CAST_SCHEMA = inline_serializer("BallotCast", {"scores": serializers.DictField(
    child=serializers.DictField(child=serializers.IntegerField()), help_text="{UNIT_CODE: {ITEM_CODE: score}}")})
RECEIPT_SCHEMA = inline_serializer("BallotReceipt", {"receipt": serializers.CharField()})


class BallotView(APIView):
    """C7: GET what to score; POST the scores once (no login, no CSRF)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def _error(self, err):
        body = err.detail if isinstance(err.detail, dict) else {"detail": err.detail}
        return Response(body, status=err.status)

    @extend_schema(responses={200: BALLOT_SCHEMA, 404: OpenApiResponse(description="unknown token"),
                              409: OpenApiResponse(description="token already used")})
    def get(self, request, token):
        try:
            tok = services.token_lookup(token)
        except services.BallotError as err:
            return self._error(err)
        return Response(ballot_payload(tok.evaluation, tok.units))

    @extend_schema(request=CAST_SCHEMA, responses={201: RECEIPT_SCHEMA, 400: OpenApiResponse(description="field errors"),
                                                   404: OpenApiResponse(description="unknown token"),
                                                   409: OpenApiResponse(description="used token or voting closed")})
    def post(self, request, token):  # documents the schema; evaluation.middleware answers POST first
        return fast_post(request._request, token)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _json(body, status):
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _error(err):
    return _json(err.detail if isinstance(err.detail, dict) else {"detail": err.detail}, err.status)


def _strict_constant(value):
    raise ValueError(f"{value} is not valid JSON")


def fast_post(request, token):
    """POST /api/v1/ballots/<token>/ (C7) without DRF: JSON (or a form) in, 201 with the
    receipt, 400 with field errors, 404, 409, or 415 for another media type — as the
    DRF view answered before."""
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            data = json.loads(request.body or b"null", parse_constant=_strict_constant)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to parse
            return _json({"detail": _("The ballot is not valid JSON.")}, 400)
    elif content_type in FORM_TYPES:
        data = {"scores": request.POST["scores"]} if "scores" in request.POST else {}
    else:
        return _json({"detail": _('Unsupported media type "%(type)s" in request.') % {"type": content_type}}, 415)
    if not isinstance(data, dict) or "scores" not in data:
        try:
            services.token_lookup(token)
        except services.BallotError as err:
            return _error(err)
        return _json({"scores": [_("This field is required.")]}, 400)
    try:
        receipt = services.ballot_cast(token=token, scores=data["scores"])
    except services.BallotError as err:
        return _error(err)
    return _json({"receipt": receipt}, 201)
