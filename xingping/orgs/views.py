"""Unit pages: the tree (scoped) and a unit's detail (thin views; reads in selectors)."""

from django.shortcuts import render

from xingping.campaigns.models import Campaign
from xingping.orgs.permissions import policy
from xingping.orgs.policy import VIEW, get_for_user_or_404, policy_required
from xingping.orgs import selectors
from xingping.orgs.models import Level


@policy_required(policy, VIEW)
def index(request):
    """The unit tree, limited to what the user may see (组织机构)."""
    return render(request, "orgs/unit_tree.html", {"roots": selectors.unit_tree(request.user)})


@policy_required(policy, VIEW)
def unit_detail(request, code):
    from xingping.campaigns import selectors as campaign_selectors

    unit = get_for_user_or_404(policy, request.user, VIEW, code=code)
    group, team = selectors.group_seats(unit)
    campaign = Campaign.objects.current()
    obligations = campaign_selectors.unit_obligations(campaign, unit) if campaign and unit.level != Level.DEPARTMENT else []
    return render(request, "orgs/unit_detail.html", {
        "unit": unit,
        "ancestors": list(policy.instances_user_has_permission_for(request.user, VIEW, unit.ancestors())),
        "children": selectors.children_of(unit),
        "group": group,
        "team": team,
        "staff": list(selectors.unit_staff(unit)),
        "campaign": campaign,
        "obligations": obligations,
    })
