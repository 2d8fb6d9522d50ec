"""The entities app's one policy: the registry of market entities (docs/role-matrix/entities.md).

- entities and penalties: seen in the user's unit tree (office and auditor: all);
- acting on an entity (visits, liaison): writers, in their writable scope;
- imports: the office only;
- seeing which visits were drawn for verification: the office and the read-only roles.
"""

from xingping.core.audit_access import register_audit_type, register_audited_model
from xingping.entities.models import EntityTally, ImportJob, MarketEntity, Penalty
from xingping.orgs.policy import CHANGE, OFFICE, READERS, SIGNED_IN, VIEW, WRITERS, BasePolicy, unit_scope

IMPORT = "import"
SEE_CHECKS = "see_checks"


class EntitiesPolicy(BasePolicy):
    model = MarketEntity
    actions = {VIEW: SIGNED_IN, CHANGE: WRITERS, IMPORT: OFFICE, SEE_CHECKS: READERS}
    scopes = {MarketEntity: unit_scope("unit"), Penalty: unit_scope("unit"),
              ImportJob: lambda qs, user, action: qs}

    def sees_phone(self, user, entity) -> bool:
        """The entity's contact phone: in full to everyone who may see the entity (as its page)."""
        return self.user_has_permission_for_instance(user, VIEW, entity)


policy = EntitiesPolicy()


def _phone_in_full(user, ids):
    """An entity's phone reads in full in the log for whoever may see the entity."""
    seen = policy.instances_user_has_permission_for(user, VIEW, MarketEntity.objects.all())
    return seen.filter(pk__in=ids).values_list("pk", flat=True)


register_audit_type(MarketEntity, policy=policy, action=VIEW, personal_fields={"phone"}, full_view=_phone_in_full)
register_audit_type(Penalty, policy=policy, action=VIEW)
register_audit_type(ImportJob, policy=policy, action=IMPORT)
register_audited_model(EntityTally)  # figures' counters, written by the system
