"""The office's dashboard: letters and news awaiting review (core.dashboard)."""

from xingping.core.dashboard import register_section
from xingping.publicity import selectors
from xingping.publicity.permissions import policy


@register_section(60)
def publications_to_review(request, campaign):
    if not policy.user_has_permission(request.user, "review"):
        return None
    qs = selectors.awaiting_review(queryset=policy.instances_user_has_permission_for(request.user, "review"))
    return {"template": "publicity/partials/dashboard_section.html", "items": list(qs[:10]), "count": qs.count()}
