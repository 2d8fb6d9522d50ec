"""Dashboard sections of the campaigns app (`core.dashboard.register_section`).

- office: the figures at a glance (units, overdue, awaiting review, accepted, late) with
  links to the matrix, and the submissions to review;
- unit leaders and staff: what the unit owes, and for a county the roll-up status of
  the units below it;
- discipline inspectors and auditors: the same figures for their area, read-only.
"""

from django.urls import reverse

from xingping.campaigns import selectors
from xingping.campaigns.models import Campaign
from xingping.campaigns.permissions import MATRIX, OWN_WORK, REVIEW_ALL, policy
from xingping.core.dashboard import register_context, register_section
from xingping.orgs.policy import LEADER, READERS
from xingping.orgs.policy import scope_unit, visible_units
from xingping.orgs.models import Level


@register_context
def current_campaign(request):
    campaign = Campaign.objects.current()
    return {"campaign": campaign, "timeline": selectors.timeline(campaign) if campaign is not None else None}


@register_section(10)
def campaign_overview(request, campaign):
    user = request.user
    if campaign is None or not READERS.admits(user):
        return None
    return _overview(user, campaign, read_only=not policy.user_has_permission(user, REVIEW_ALL))


def _overview(user, campaign, read_only):
    show_matrix = policy.user_has_permission(user, MATRIX)
    return {
        "template": "campaigns/dashboard/overview.html",
        "campaign": campaign,
        "counts": selectors.campaign_counts(campaign, visible_units(user)),
        "to_review": [] if read_only else list(selectors.to_review(campaign, user, limit=10)),
        "read_only": read_only,
        "show_matrix": show_matrix,
        "link": reverse("campaigns:matrix" if show_matrix else "campaigns:campaign-detail", args=[campaign.slug]),
    }


@register_section(20)
def my_unit_owes(request, campaign):
    user = request.user
    unit = scope_unit(user)
    if (campaign is None or unit is None or policy.user_has_permission(user, REVIEW_ALL)
            or not policy.user_has_permission(user, OWN_WORK)):
        return None
    if unit.level == Level.CITY:
        # The city bureau owes nothing upward; its leaders review the units below.
        return _overview(user, campaign, read_only=not LEADER.admits(user))
    obligations = selectors.unit_obligations(campaign, unit)
    rollups = []
    for ob in obligations:
        if ob.deliverable.rollup_from_id:
            rollups.append((ob.deliverable, selectors.rollup_summary(selectors.rollup_children(ob.deliverable, unit))))
    return {
        "template": "campaigns/dashboard/unit.html",
        "campaign": campaign,
        "unit": unit,
        "obligations": obligations,
        "rollups": rollups,
        "to_review": list(selectors.to_review(campaign, user, limit=10)) if LEADER.admits(user) and unit.level != Level.STATION else [],
    }
