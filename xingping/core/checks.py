"""System checks of core settings (run at start-up and by `xingping check`)."""

from django.conf import settings
from django.core.checks import Error, register

from xingping.core.audit_chain import MIN_RETENTION_DAYS


@register()
def audit_retention(app_configs=None, **kwargs):
    """Cybersecurity Law art. 21: logs kept at least six months."""
    value = getattr(settings, "XINGPING_AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = None
    if days is None or days < MIN_RETENTION_DAYS:
        return [
            Error(
                f"XINGPING_AUDIT_RETENTION_DAYS={value!r}: 审计日志至少保留 {MIN_RETENTION_DAYS} 天"
                f"（《网络安全法》第二十一条），请设为不小于 {MIN_RETENTION_DAYS} 的整数。",
                id="xingping.E101",
            )
        ]
    return []
