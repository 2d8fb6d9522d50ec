"""Who sees which unit (R1.2): the orgs app's one policy."""

from xingping.core.audit_access import register_audit_type
from xingping.orgs.models import OrgUnit
from xingping.orgs.policy import SIGNED_IN, VIEW, BasePolicy, unit_scope


class OrgsPolicy(BasePolicy):
    model = OrgUnit
    actions = {VIEW: SIGNED_IN}
    scopes = {OrgUnit: unit_scope(None)}


policy = OrgsPolicy()


register_audit_type(OrgUnit, visible=lambda user: policy.instances_user_has_permission_for(user, VIEW))
