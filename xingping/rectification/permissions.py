"""The rectification app's one policy (docs/role-matrix/rectification.md).

- findings, items, progress posts, fees and institution rows: the user's unit tree; writers
  act in their writable scope; leaders and the office confirm or return items; the office
  publishes items on the public board;
- self-analyses (自我剖析): a draft only to its author; once submitted, also to the leaders
  of the author's own unit, the campaign office and discipline inspectors (within their
  area). Only the author changes it;
- the self-inspection report: office, leaders, inspectors and the auditor.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xingping.core.audit_access import register_audit_type
from xingping.core.follow_ups import register_follow_up
from xingping.orgs.models import Level
from xingping.orgs.policy import (
    APPROVERS, CHANGE, LEADER, OFFICE, OVERSIGHT, READERS, SIGNED_IN, VIEW, WRITERS, BasePolicy, RoleSet, scope_unit,
    unit_in_scope, unit_scope,
)
from xingping.rectification.models import (
    Finding, InstitutionStatus, IrregularFee, Milestone, ProgressPost, RectificationItem, SelfAnalysis,
)

WRITE = "write"  # record findings, items, fees, progress (writers)
CONFIRM = "confirm"  # confirm or return an item reported done
PUBLISH = "publish"  # put an item on the public board
REPORT = "report"  # the self-inspection report
REPORT_ROLES = RoleSet("report", [*READERS, *LEADER])


def self_analysis_scope(qs, user, action=VIEW):
    """Scope first, then privacy (see the module docstring)."""
    qs = unit_scope("unit")(qs, user, action)
    if not (user and user.is_authenticated):
        return qs.none()
    if action != VIEW:
        return qs.filter(author=user)
    readers = Q(pk__in=[])
    if OVERSIGHT.admits(user):
        readers = Q()  # the office sees all; an inspector sees its area (scoped above)
    elif LEADER.admits(user) and scope_unit(user) is not None:
        unit = scope_unit(user)
        readers = Q(unit=unit) | Q(unit__parent=unit, unit__level=Level.DEPARTMENT)
    return qs.filter(Q(author=user) | (Q(submitted_at__isnull=False) & readers))


class RectificationPolicy(BasePolicy):
    model = RectificationItem
    actions = {VIEW: SIGNED_IN, CHANGE: SIGNED_IN, WRITE: WRITERS, CONFIRM: APPROVERS, PUBLISH: OFFICE,
               REPORT: REPORT_ROLES}
    scopes = {
        SelfAnalysis: self_analysis_scope,
        Finding: unit_scope("unit"),
        RectificationItem: unit_scope("unit"),
        Milestone: unit_scope("item__unit"),
        ProgressPost: unit_scope("item__unit"),
        IrregularFee: unit_scope("unit"),
        InstitutionStatus: unit_scope("unit"),
    }

    def writes_own(self, user) -> bool:
        """May write their own self-analysis: a writer who sits in a unit."""
        return bool(getattr(user, "unit_id", None)) and self.user_has_permission(user, WRITE)


policy = RectificationPolicy()


for _model in (SelfAnalysis, Finding, RectificationItem, Milestone, ProgressPost, IrregularFee, InstitutionStatus):
    register_audit_type(_model, policy=policy, action=VIEW)


def may_make_finding_from(user, record) -> bool:
    """A finding made from a record (a visit opinion, a case): by a writer (finding-create's
    own rule) for whom the record's unit is in the writable scope."""
    return policy.user_has_permission(user, WRITE) and unit_in_scope(user, record.unit, CHANGE)


register_follow_up(
    "outreach.visit", key="finding", label=_("Turn into a rectification finding"),
    url=lambda visit: reverse("rectification:finding-create") + f"?source=visit&id={visit.pk}",
    allowed=may_make_finding_from,
)
