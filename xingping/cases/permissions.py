"""The cases app's one policy (docs/role-matrix/cases.md, docs/cases.md "Privacy").

- the office sees and acts on every case; auditors read every case;
- a misconduct report is seen (and acted on) only by the discipline inspectors whose
  area holds the handling unit (the unit above the accused one) — never by leaders or
  staff, and never by anyone whose own unit is the accused unit, lies below it or above
  it in the same chain within the accused unit (the accused unit's subtree);
- every other case follows the ordinary unit scope; rows that belong to a case (events,
  attachments, requests) are visible exactly when their case is;
- complainants' name and phone are shown in full only to the office and the case's
  handler (`cases.privacy.can_see_contact`), masked everywhere else — the audit log too;
- holidays and imports: the office only;
- the annual report on requests for disclosure (art. 49): the office for every unit, leaders
  for their own area.
"""

from django.db.models import Q

from xingping.cases.models import (
    Case, CaseAttachment, CaseEvent, CaseRequest, CaseTally, DeputyMeeting, HolidayOverride, Kind, Solicitation,
)
from xingping.cases.privacy import mask_name, mask_phone
from xingping.core.audit_access import register_action_labels, register_audit_type, register_audited_model
from xingping.orgs.policy import (
    APPROVERS, AUDITOR, CHANGE, INSPECTOR, OFFICE, SIGNED_IN, VIEW, WRITERS, BasePolicy, scope_path, unit_scope,
)

MANAGE_HOLIDAYS = "manage_holidays"
IMPORT = "import"
RECORD_ANY_UNIT = "record_any_unit"  # the office records a case for any unit
RECORD = "record"  # record a case (writers; inspectors and auditors only read)
DECIDE = "decide"  # leaders and the office decide transfer and extension requests
SEE_CONTACT_ALWAYS = "see_contact_always"
ANNUAL_REPORT = "disclosure_annual_report"  # art. 49 figures: the office (all units) and leaders (their area)


def case_scope(qs, user, action=VIEW):
    """The cases `user` may `action`: the unit scope plus the misconduct rule."""
    base = unit_scope("unit")(qs, user, action)
    if not (user and user.is_authenticated):
        return base
    if OFFICE.admits(user) or (action == VIEW and AUDITOR.admits(user)):
        return base
    out = base.exclude(kind=Kind.MISCONDUCT)
    if INSPECTOR.admits(user):
        prefix = scope_path(user, VIEW)
        if prefix is not None:
            own = user.unit.path.rstrip("/").split("/") if user.unit_id else []
            # the accused unit is the subject's acting unit (a department's staff are its parent's)
            accused_own = Q(subject_unit__code__in=own) | Q(subject_unit__level="department", subject_unit__parent__code__in=own)
            mis = qs.filter(kind=Kind.MISCONDUCT, unit__path__startswith=prefix).exclude(accused_own)
            out = out | mis
    return out


def case_child_scope(qs, user, action=VIEW):
    return qs.filter(case__in=case_scope(Case.objects.all(), user, action).values("pk"))


class CasesPolicy(BasePolicy):
    model = Case
    actions = {
        VIEW: SIGNED_IN, CHANGE: SIGNED_IN, MANAGE_HOLIDAYS: OFFICE, IMPORT: OFFICE, RECORD_ANY_UNIT: OFFICE, RECORD: WRITERS,
        DECIDE: APPROVERS, SEE_CONTACT_ALWAYS: OFFICE, ANNUAL_REPORT: APPROVERS,
    }
    scopes = {
        Case: case_scope,
        CaseEvent: case_child_scope,
        CaseAttachment: case_child_scope,
        CaseRequest: case_child_scope,
        Solicitation: unit_scope("unit"),
        DeputyMeeting: unit_scope("unit"),
        HolidayOverride: lambda qs, user, action: qs,
    }

    def flags(self, user) -> dict:
        """The `can_*` booleans the cases templates use (never roles)."""
        return {"can_manage_holidays": self.user_has_permission(user, MANAGE_HOLIDAYS),
                "can_import_cases": self.user_has_permission(user, IMPORT),
                "can_record_cases": self.user_has_permission(user, RECORD),
                "can_disclosure_report": self.user_has_permission(user, ANNUAL_REPORT)}

    def sees_contact(self, user, case) -> bool:
        """The complainant's name and phone in full: the office and the case's handler."""
        from xingping.cases.privacy import can_see_contact

        return can_see_contact(user, case)

    def contact_in_full(self, user, case_ids):
        """Of `case_ids`, those whose complainant `user` sees in full (one query)."""
        if self.user_has_permission(user, SEE_CONTACT_ALWAYS):
            return list(case_ids)
        if not (user and user.is_authenticated):
            return []
        return Case.objects.filter(pk__in=list(case_ids), handler_id=user.pk).values_list("pk", flat=True)

    def recordable_units(self, user):
        """The units `user` may record a case for: any active unit for the office, otherwise
        the active units of the user's writable scope (a retired unit, 撤销, takes no new case;
        its old cases keep it). The hotline form and its unit picker's suggestions both ask."""
        from xingping.orgs.models import OrgUnit
        from xingping.orgs.policy import visible_units

        units = OrgUnit.objects.active().order_by("path")
        if self.user_has_permission(user, RECORD_ANY_UNIT):
            return units
        return units.filter(pk__in=visible_units(user, CHANGE).values("pk"))

    def handler_candidates(self, case):
        """Who may be made the handler: staff and leaders who may act on the case; for a
        misconduct report, the inspectors of the handling unit's area."""
        from xingping.accounts.models import User

        prefix = case.unit.acting_unit.path
        qs = User.objects.filter(is_active=True, unit__path__startswith=prefix).order_by("unit__path", "username")
        roles = INSPECTOR if case.kind == Kind.MISCONDUCT else (WRITERS - OFFICE)
        pattern = "|".join(sorted(roles))
        return qs.filter(roles__regex=rf"(^|;)({pattern})(;|$)")


policy = CasesPolicy()


# complainant details (and ID numbers, when recorded) masked in the audit log as on the case page
CASE_PERSONAL = {"complainant_name", "complainant_phone", "complainant_id_number", "complainant_id", "id_number"}


def _mask(field, text):
    return mask_name(text) if field == "complainant_name" else mask_phone(text)


register_audit_type(Case, policy=policy, action=VIEW, personal_fields=CASE_PERSONAL,
                    full_view=policy.contact_in_full, mask=_mask)
for _model in (CaseEvent, CaseAttachment, CaseRequest, Solicitation, DeputyMeeting):
    register_audit_type(_model, policy=policy, action=VIEW)
register_audit_type(HolidayOverride, policy=policy, action=MANAGE_HOLIDAYS)


def _action_labels():
    from django.utils.functional import lazy
    from django.utils.translation import pgettext

    from xingping.cases.models import RequestKind, RequestStatus, Status

    def joined(a, b):
        return f"{a} · {b}"

    labels = {"case.create": Status.RECEIVED.label}
    labels.update({f"case.{s.value}": s.label for s in Status})
    for kind in RequestKind:
        labels[f"case.{kind.value}_request"] = kind.label
        for st in RequestStatus:
            labels[f"case.{kind.value}_{st.value}"] = lazy(joined, str)(kind.label, st.label)
    labels["case.import"] = lazy(pgettext, str)("audit action", "Imported")
    labels["case.consult"] = lazy(pgettext, str)("audit action", "Third-party consultation recorded")
    return labels


register_action_labels(_action_labels())
register_audited_model(CaseTally)  # figures' counters, written by the system
