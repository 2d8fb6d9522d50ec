"""The office's dashboard: letters and news awaiting review (core.dashboard)."""

from xingping.core.dashboard import register_section
from xingping.publicity import selectors
from xingping.publicity.permissions import policy


SHOWN = 10


@register_section(60)
def publications_to_review(request, campaign):
    if not policy.user_has_permission(request.user, "review"):
        return None
    qs = selectors.awaiting_review(queryset=policy.instances_user_has_permission_for(request.user, "review"))
    items = list(qs[:SHOWN])
    # fewer than a page shown: they are all there is (no second query to count them)
    return {"template": "publicity/partials/dashboard_section.html", "items": items,
            "count": len(items) if len(items) < SHOWN else qs.count()}
