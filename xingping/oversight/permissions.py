"""The oversight policy (one object, built on orgs.policy).

- view: office, auditor, inspectors — plans, draws, inspections (inspectors within their area);
- manage: the office — registers, plans, draws, verification of sampled records, notices;
- inspect: any staff member drawn as an inspector (their own targets; the office: all);
- accountability: the office and discipline inspectors only (inspectors within their area).
"""

from django.db.models import Q

from xingping.core.audit_access import register_audit_type, register_audited_model
from xingping.orgs.policy import OFFICE, OVERSIGHT, READERS, STAFF_ANY, UnitScopedPolicy, scope_path
from xingping.oversight.models import (Accountability, CheckItem, Draw, Inspection, Inspector, Notice, Photo, SpotCheck,
                                       Target)

ACTION_MODELS = {"view": Inspection, "manage": SpotCheck, "notice": Notice, "inspect": Target,
                 "accountability": Accountability}


class OversightPolicy(UnitScopedPolicy):
    model = Inspection
    actions = {"view": READERS, "manage": OFFICE, "notice": OFFICE, "inspect": STAFF_ANY, "accountability": OVERSIGHT}

    def base_queryset_for(self, action):
        return ACTION_MODELS.get(action, Inspection)._default_manager.all()

    def instances_user_has_permission_for(self, user, action, queryset=None):
        qs = self.base_queryset_for(action) if queryset is None else queryset
        if not self.user_has_permission(user, action):
            return qs.none()
        if action in ("manage", "notice"):
            return qs
        if action == "inspect":
            return qs if OFFICE.admits(user) else qs.filter(inspectors=user)
        if action == "view" and qs.model is Inspection:
            prefix = scope_path(user)
            own = Q(inspector=user)
            return qs if prefix == "" else qs.filter(own | Q(unit__path__startswith=prefix or "\0"))
        return self.scope_queryset(qs, user, action)

    def user_has_permission_for_instance(self, user, action, obj):
        if obj is None or not self.user_has_permission(user, action):
            return False
        return self.instances_user_has_permission_for(user, action, type(obj)._default_manager.all()).filter(
            pk=obj.pk).exists()

    def can_view_inspection(self, user, inspection):
        return self.instances_user_has_permission_for(user, "view", Inspection.objects.all()).filter(
            pk=inspection.pk).exists() or inspection.inspector_id == getattr(user, "pk", None)


policy = OversightPolicy()


# rows about an inspection: whoever sees the inspection (inspectors within their area, their own);
# about an accountability decision: the office and discipline inspectors within their area;
# about the registers, plans, draws and notices: the office, which manages them
register_audit_type(Inspection, policy=policy)
register_audit_type(Accountability, policy=policy, action="accountability")
register_audited_model(CheckItem, Inspector, SpotCheck, Draw, Target, Photo, Notice)
