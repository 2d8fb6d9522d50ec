"""Who may open the entity-confirmation pages (built on orgs.policy). Kept apart from
outreach/permissions.py while that module is being written; fold it in there."""

from xingping.orgs.policy import READERS, STAFF_ANY, UnitScopedPolicy
from xingping.outreach.models import Visit

# print: anyone who sees the visit (the visitor prints the form); stats: office, auditor, inspectors.
confirm_policy = UnitScopedPolicy(Visit, unit_field="unit", actions={"print": STAFF_ANY, "stats": READERS})
