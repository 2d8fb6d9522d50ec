"""The metrics app's one policy: the figures dashboard (R15.1), docs/role-matrix/metrics.md.

Every signed-in account sees the figures of the units in its scope (office and auditor:
all); the entities behind a number are those of a unit it may see. The figures are
computed, not stored: there are no audit rows of the metrics app.
"""

from xingping.orgs.models import OrgUnit
from xingping.orgs.policy import SIGNED_IN, VIEW, BasePolicy, unit_scope


class MetricsPolicy(BasePolicy):
    model = OrgUnit
    actions = {VIEW: SIGNED_IN}
    scopes = {OrgUnit: unit_scope(None)}

    def base_queryset(self):
        return OrgUnit.objects.evaluated()


policy = MetricsPolicy()
