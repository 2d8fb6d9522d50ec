"""Core's one policy: the dashboard and the audit log.

Core names no role (roles live in accounts, above core): the role sets that may open
core's pages are handed down at start-up by the app that owns the unit tree
(`xingping.orgs.apps.OrgsConfig.ready` calls `configure`). Until then every action is
refused, which is the safe default.

Actions:
- `view_dashboard` — the dashboard (every signed-in account);
- `view_audit_log` — the audit log page (rows are then filtered per object, see
  `core.audit_access`);
- `see_unregistered` — audit rows about objects of a type no app registered, or about
  objects that no longer exist (the office only).
"""

from xingping.core.audit_access import register_audited_model
from xingping.core.models import AuditEvent
from xingping.core.policy import BasePolicy

VIEW_DASHBOARD = "view_dashboard"
VIEW_AUDIT_LOG = "view_audit_log"
SEE_UNREGISTERED = "see_unregistered"


class CorePolicy(BasePolicy):
    actions = {}

    def configure(self, *, actions):
        self.actions = dict(actions)


policy = CorePolicy()


def configure(**actions):
    policy.configure(actions=actions)


# rows about the log itself (its chain checked, a purge): the office
register_audited_model(AuditEvent)
