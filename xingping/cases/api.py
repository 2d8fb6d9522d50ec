"""The machine interface: a DRF API for staff (scoped like the pages, OpenAPI schema at
/api/v1/schema/) and an Open311 GeoReport v2 endpoint set for civic-report clients."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xingping.accounts.models import User
from xingping.cases import services
from xingping.cases.models import CLOSED_STATUSES, PUBLIC_KINDS, Case, Channel, Kind, Outcome, ReplyMethod, Status
from xingping.cases.privacy import mask_name, mask_phone
from xingping.cases.ratelimit import allow
from xingping.cases.workflows import workflow_for
from xingping.cases.permissions import policy
from xingping.orgs.policy import CHANGE, VIEW, public_view
from xingping.orgs.models import Level, OrgUnit

MAX_DESCRIPTION = 2000


class CaseSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    complainant = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()
    # Blank until replied / classified: the schema must allow "" (schemathesis' response
    # conformance found `""` where the OutcomeEnum and ReplyMethodEnum had no such value).
    reply_method = serializers.ChoiceField(choices=ReplyMethod.choices, allow_blank=True, read_only=True,
                                           label=Case._meta.get_field("reply_method").verbose_name)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True,
                                      label=Case._meta.get_field("outcome").verbose_name)

    class Meta:
        model = Case
        fields = ["id", "number", "kind", "channel", "unit", "status", "title", "named", "complainant", "phone",
                  "received_on", "accepted_on", "accept_due_on", "due_on", "replied_on", "reply_method", "reply_content",
                  "met_on", "verified", "handled_on", "completed_on", "outcome", "next_steps"]
        read_only_fields = fields

    def get_complainant(self, obj) -> str:
        return mask_name(obj.complainant_name)

    def get_phone(self, obj) -> str:
        return mask_phone(obj.complainant_phone)

    def get_next_steps(self, obj) -> list[str]:
        return list(workflow_for(obj.kind).allowed(obj.status))


class TransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)
    handler = serializers.CharField(required=False, allow_blank=True, default="", help_text="username")
    reply_method = serializers.CharField(required=False, allow_blank=True, default="")
    reply_content = serializers.CharField(required=False, allow_blank=True, default="")
    verified = serializers.BooleanField(required=False, allow_null=True, default=None)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    # a request for disclosure's reply type (art. 36); the service refuses any other value
    disclosure_reply = serializers.CharField(required=False, allow_blank=True, default="")


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases the user may see; filter with ?kind=, ?status=, ?unit=CODE (and its subtree)."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        qs = policy.instances_user_has_permission_for(self.request.user, VIEW).select_related("unit").order_by("due_on", "id")
        params = self.request.query_params
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        if params.get("unit"):
            unit = OrgUnit.objects.filter(code=params["unit"]).first()
            qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
        return qs

    @extend_schema(request=TransitionSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the case to its next state (the kind's workflow decides what is allowed)."""
        case = policy.instances_user_has_permission_for(request.user, CHANGE).filter(pk=pk).first()
        if case is None:
            raise Http404
        s = TransitionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        handler = None
        if d.pop("handler"):
            handler = User.objects.filter(username=request.data.get("handler")).first()
        try:
            case = services.case_transition(actor=request.user, case=case, handler=handler, **d)
        except ValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            return Response(detail, status=400)
        except PermissionDenied:
            raise Http404
        return Response(CaseSerializer(case).data)


# ------------------------------------------------------------------ Open311 GeoReport v2

def _error(status, description):
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _service(kind):
    return {
        "service_code": kind.value, "service_name": str(kind.label), "description": str(kind.label),
        "metadata": True, "type": "realtime", "keywords": "", "group": "xingping",
    }


@public_view
def open311_services(request):
    return JsonResponse([_service(k) for k in PUBLIC_KINDS], safe=False)


@public_view
def open311_service_definition(request, code):
    if code not in [k.value for k in PUBLIC_KINDS]:
        return _error(404, "unknown service_code")
    units = OrgUnit.objects.exclude(level=Level.DEPARTMENT).order_by("path").values_list("code", "name")
    return JsonResponse({"service_code": code, "attributes": [{
        "variable": True, "code": "unit", "datatype": "singlevaluelist", "required": False, "order": 1,
        "description": _("The office concerned (default: the city bureau)"),
        "values": [{"key": c, "name": n} for c, n in units],
    }]})


def _request_json(case):
    closed = case.status in CLOSED_STATUSES
    return {
        "service_request_id": case.tracking_code,
        "status": "closed" if closed else "open",
        "status_notes": case.reply_content if case.replied_on else case.get_status_display(),
        "service_name": case.get_kind_display(),
        "service_code": case.kind,
        "agency_responsible": case.unit.name,
        "requested_datetime": case.created_at.isoformat(),
        "updated_datetime": case.updated_at.isoformat(),
        "expected_datetime": case.due_on.isoformat() if case.due_on else None,
        "address": "", "lat": None, "long": None, "media_url": "",
    }


@csrf_exempt
@public_view
def open311_requests(request):
    if request.method == "POST":
        return _open311_create(request)
    if request.method != "GET":
        return _error(405, "GET or POST")
    if not allow(request, "lookup"):
        return _error(429, "too many requests")
    ids = [i.strip().upper() for i in request.GET.get("service_request_id", "").split(",") if i.strip()][:50]
    qs = Case.objects.select_related("unit").filter(tracking_code__in=ids) if ids else Case.objects.none()
    return JsonResponse([_request_json(c) for c in qs], safe=False)


@public_view
def open311_request(request, code):
    if not allow(request, "lookup"):
        return _error(429, "too many requests")
    case = Case.objects.select_related("unit").filter(tracking_code=code.upper()).first()
    if case is None:
        return _error(404, "unknown service_request_id")
    return JsonResponse([_request_json(case)], safe=False)


def _open311_create(request):
    data = request.POST
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return _error(400, "malformed JSON")
        if not isinstance(data, dict):
            return _error(400, "malformed JSON")
    if not allow(request, "submit"):
        return _error(429, _("Too many submissions from your address; please try again later."))
    code = str(data.get("service_code", ""))
    if code not in [k.value for k in PUBLIC_KINDS]:
        return _error(400, "service_code: " + _("required; one of %(codes)s") % {"codes": ", ".join(PUBLIC_KINDS)})
    description = str(data.get("description", "")).strip()
    if not description:
        return _error(400, "description: " + _("required"))
    if len(description) > MAX_DESCRIPTION:
        return _error(400, "description: " + _("longer than %(n)d characters") % {"n": MAX_DESCRIPTION})
    attrs = data.get("attribute")
    unit_code = str(data.get("attribute[unit]", "") or (attrs.get("unit", "") if isinstance(attrs, dict) else ""))
    unit = OrgUnit.objects.filter(code=unit_code).first() if unit_code else OrgUnit.objects.filter(parent__isnull=True).first()
    if unit is None or unit.level == Level.DEPARTMENT:
        return _error(400, "attribute[unit]: " + _("unknown unit"))
    name = (str(data.get("last_name", "")) + str(data.get("first_name", ""))).strip()[:50]
    phone = str(data.get("phone", "")).strip()[:30]
    try:
        case = services.case_create(
            actor=None, public=True, kind=Kind(code), unit=unit, channel=Channel.API, title=description[:60],
            content=description, named=bool(name or phone), complainant_name=name, complainant_phone=phone,
        )
    except ValidationError as exc:
        return _error(400, " ".join(exc.messages))
    return JsonResponse([{"service_request_id": case.tracking_code, "service_notice": pgettext("open311", "Received"),
                          "account_id": None}], status=201, safe=False)
