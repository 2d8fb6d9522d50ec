"""Who may see or do what in the disclosure app (one policy, orgs/policy.py).

- every signed-in role reads the catalogue of its scope (office and auditor: all units);
- the office, unit leaders and staff record disclosures and edit items of units they may act on;
- the public catalogue is public (no login) and shows no staff data."""

from xingping.core.audit_access import register_audit_type
from xingping.disclosure.models import CatalogueItem, Disclosure
from xingping.orgs.policy import STAFF_ANY, WRITERS, UnitScopedPolicy

policy = UnitScopedPolicy(CatalogueItem, actions={"view": STAFF_ANY, "change": WRITERS}, write_actions={"change"})
evidence_policy = UnitScopedPolicy(Disclosure, unit_field="item__unit", actions={"view": STAFF_ANY})


register_audit_type(CatalogueItem, policy=policy)
register_audit_type(Disclosure, policy=evidence_policy)
