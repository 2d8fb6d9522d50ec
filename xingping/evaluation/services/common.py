"""What every write of the evaluation shares: constants, the state machine, links, receipts, locks."""

import base64
import hashlib
import hmac
import os
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.core.workflow import Workflow
from xingping.evaluation.models import (
    Evaluation,
)

# The voting state machine (data, STYLE.md). A campaign may override it in
# `rules["evaluation_workflow"]`; closing is final because the tally is published.
DEFAULT_WORKFLOW = {"transitions": {"draft": ["open"], "open": ["closed"], "closed": []}}
DEFAULT_SCORING = {
    "democratic_weight": 0.7, "work_weight": 0.3, "min_group_size": 5, "unqualified_progress_every_days": 15,
    "grades": [
        {"code": "excellent", "label": "优秀", "min": 90}, {"code": "good", "label": "良好", "min": 80},
        {"code": "qualified", "label": "合格", "min": 60}, {"code": "unqualified", "label": "不合格", "min": 0},
    ],
}
EXCELLENT, UNQUALIFIED = "excellent", "unqualified"
MAX_CHOICES = 10  # an answer is stored as one digit, the index of the choice
MAX_ITEMS = 200  # one digit per item in BallotAnswers.answers
TWO = Decimal("0.01")


class BallotError(Exception):
    """A ballot refused: `status` is the HTTP status (404, 409, 400), `detail` what to show."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def workflow(evaluation):
    return Workflow.from_data("evaluation", evaluation.campaign.rules.get("evaluation_workflow", DEFAULT_WORKFLOW))


def public_url(request=None):
    """The address ballot links are built from: `XINGPING_PUBLIC_URL` when set, else the
    address the office is using (the request), else (CLI) http://127.0.0.1:$PORT."""
    base = getattr(settings, "XINGPING_PUBLIC_URL", "") or os.environ.get("XINGPING_PUBLIC_URL", "")
    if not base and request is not None:
        base = request.build_absolute_uri("/")
    if not base:
        base = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
    return base.rstrip("/")


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def ballot_url(token, request=None):
    from django.urls import reverse

    return public_url(request) + reverse("evaluation:ballot-page", args=[token])


def receipt_code(nonce):
    """The published receipt: an HMAC of the ballot's random nonce (not of the token)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"xingping-receipt:" + nonce.encode(), hashlib.sha256).digest()
    code = base64.b32encode(digest).decode()[:10]
    return f"{code[:5]}-{code[5:]}"


def _snap(evaluation):
    return audit.snapshot(evaluation, ["state", "holder", "democratic_weight", "work_weight", "grades", "min_group_size",
                                       "min_answered", "allow_abstain", "ballot_form", "progress_every_days",
                                       "meeting_title", "meeting_on", "meeting_place"])


def root_unit():
    from xingping.orgs.models import OrgUnit

    return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()


def _check_editable(evaluation):
    if not evaluation.is_draft:
        raise ValidationError(_("The rubric and scoring rules are locked once voting has opened."
                                ), code="locked")


def _lock(evaluation):
    return Evaluation.objects.select_for_update().select_related("campaign", "holder").get(pk=evaluation.pk)


def _check_weight(weight):
    if weight is None or Decimal(weight) <= 0:
        raise ValidationError(_("A weight must be greater than 0."), code="weight")

