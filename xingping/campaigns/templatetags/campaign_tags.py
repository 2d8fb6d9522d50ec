from django import template
from django.utils.html import format_html

from xingping.campaigns.selectors import STATUS_LABELS, STATUS_STYLE

register = template.Library()


@register.simple_tag
def status_badge(obligation):
    """A coloured badge for an Obligation's status, with a 逾期 mark when it was late."""
    if obligation is None:
        return ""
    badge = format_html('<span class="badge text-bg-{}" data-status="{}">{}</span>',
                        STATUS_STYLE[obligation.status], obligation.status, STATUS_LABELS[obligation.status])
    if obligation.late:
        from django.utils.translation import gettext as _

        badge += format_html(' <span class="badge text-bg-dark" data-late="1">{}</span>', _("Late"))
    return badge


@register.filter
def level_badge(unit):
    styles = {"city": "danger", "department": "light", "county": "primary", "branch": "info", "station": "success"}
    return format_html('<span class="badge rounded-pill text-bg-{} xp-level">{}</span>',
                       styles.get(unit.level, "secondary"), unit.get_level_display())
