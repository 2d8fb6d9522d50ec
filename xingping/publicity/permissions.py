"""The publicity policy (one per app, on orgs/policy.py).

Actions:
- `view` — staff pages (lists, detail): every signed-in role, within the user's scope;
- `write` — draft and edit letters and news of a unit in the writable scope (staff,
  leaders, the office);
- `submit` — the unit leader (or the office) submits a draft upward;
- `review` — the office returns (with a reason) or publishes; it alone revises a
  published item (a new version);
- `commitments` — edit a unit's service commitments and hotline (leaders, staff, office;
  writable scope).

Objects are publications (scoped by `unit`), commitments (`unit`) and units themselves
(for the commitments page: scoped by `path`).
"""

from xingping.core.audit_access import register_audit_type, register_audited_model
from xingping.orgs.models import OrgUnit
from xingping.orgs.policy import APPROVERS, OFFICE, STAFF_ANY, WRITERS, UnitScopedPolicy, scope_path
from xingping.publicity.models import Publication, PublicationVersion, ServiceCommitment
from xingping.publicity.workflows import EDITABLE_STATES, STEP_ACTION, workflow


class PublicityPolicy(UnitScopedPolicy):
    def scope_queryset(self, qs, user, action):
        if qs.model is OrgUnit:
            prefix = scope_path(user, writable=action in self.write_actions)
            if prefix is None:
                return qs.none()
            return qs if prefix == "" else qs.filter(path__startswith=prefix)
        return super().scope_queryset(qs, user, action)

    # --- per item, with the workflow state -------------------------------------------
    def can_edit(self, user, item) -> bool:
        if item.state == "published":
            return self.user_has_permission_for_instance(user, "review", item)
        return item.state in EDITABLE_STATES and self.user_has_permission_for_instance(user, "write", item)

    def can_step(self, user, item, target) -> bool:
        return workflow().can(item.state, target) and self.user_has_permission_for_instance(
            user, STEP_ACTION[target], item)

    def flags(self, user, item) -> dict:
        """The `can_*` booleans a template needs for one item."""
        return {
            "can_edit": self.can_edit(user, item),
            "can_submit": self.can_step(user, item, "submitted"),
            "can_return": self.can_step(user, item, "returned"),
            "can_publish": self.can_step(user, item, "published"),
        }


policy = PublicityPolicy(
    Publication,
    actions={
        "view": STAFF_ANY,
        "write": WRITERS,
        "submit": APPROVERS,
        "review": OFFICE,
        "commitments": WRITERS,
    },
    write_actions={"write", "submit", "review", "commitments"},
)


for _model in (Publication, ServiceCommitment):
    register_audit_type(_model, policy=policy)
register_audited_model(PublicationVersion)  # written with its publication, whose rows tell the change
