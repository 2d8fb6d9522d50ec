from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "xingping.orgs"
    label = "orgs"
    verbose_name = _("Organisation")  # 组织机构

    def ready(self):
        # Core names no role: orgs, which owns the role sets, tells core who may open its pages.
        from xingping.core import permissions as core_permissions
        from xingping.orgs.policy import OFFICE, READERS, SIGNED_IN

        core_permissions.configure(view_dashboard=SIGNED_IN, view_audit_log=READERS, see_unregistered=OFFICE)

        from xingping.core.commands import register_lookup
        from xingping.orgs.models import OrgUnit

        register_lookup("unit", lambda code: OrgUnit.objects.filter(code=code).first(), _("There is no unit %(value)r."))
