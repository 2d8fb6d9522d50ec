"""Who sees which unit (R1.2): the orgs app's one policy.

- every signed-in account sees the units of its scope (the tree, a unit's page);
- the office's set-up pages (units, leadership groups, staff and accounts): the office acts
  (`MANAGE`), the auditor reads them (`SETUP`); nobody else opens them.
"""

from django.utils.translation import pgettext_lazy

from xingping.core.audit_access import register_action_labels, register_audit_type
from xingping.orgs.models import GroupMembership, OrgUnit
from xingping.orgs.policy import OFFICE, SEE_ALL, SIGNED_IN, VIEW, BasePolicy, unit_scope

SETUP = "setup"  # open the set-up pages (read)
MANAGE = "manage"  # change units, groups, staff and accounts


class OrgsPolicy(BasePolicy):
    model = OrgUnit
    actions = {VIEW: SIGNED_IN, SETUP: SEE_ALL, MANAGE: OFFICE}
    write_actions = frozenset({MANAGE})
    scopes = {OrgUnit: unit_scope(None), GroupMembership: unit_scope("unit")}


policy = OrgsPolicy()


register_audit_type(OrgUnit, policy=policy, action=VIEW)
register_audit_type(GroupMembership, policy=policy, action=VIEW)

# The set-up pages' audit actions, as the operation log reads them.
register_action_labels({
    "unit.create": pgettext_lazy("audit action", "Unit added"),
    "unit.update": pgettext_lazy("audit action", "Unit edited"),
    "unit.move": pgettext_lazy("audit action", "Unit moved"),
    "unit.retire": pgettext_lazy("audit action", "Unit retired"),
    "unit.restore": pgettext_lazy("audit action", "Unit in use again"),
    "seat.create": pgettext_lazy("audit action", "Group seat added"),
    "seat.delete": pgettext_lazy("audit action", "Group seat removed"),
    "account.create": pgettext_lazy("audit action", "Account created"),
    "account.update": pgettext_lazy("audit action", "Account edited"),
    "account.password_reset": pgettext_lazy("audit action", "One-time password issued"),
    "account.unlock": pgettext_lazy("audit action", "Sign-in unlocked"),
    "account_disable": pgettext_lazy("audit action", "Account disabled"),
    "account_enable": pgettext_lazy("audit action", "Account enabled"),
})
