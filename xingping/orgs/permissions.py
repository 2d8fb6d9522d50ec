"""Who sees which unit (R1.2): the orgs app's one policy.

- every signed-in account sees the units of its scope (the tree, a unit's page);
- the office's set-up pages (units, leadership groups, staff and accounts): the office acts
  (`MANAGE`), the auditor reads them (`SETUP`); nobody else opens them.
"""

from xingping.core.audit_access import register_audit_type
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


register_audit_type(OrgUnit, visible=lambda user: policy.instances_user_has_permission_for(user, VIEW))
register_audit_type(GroupMembership, visible=lambda user: policy.instances_user_has_permission_for(
    user, VIEW, GroupMembership.objects.all()))
