"""Unit pages: the tree (scoped) and a unit's detail (thin views; reads in selectors)."""

from django.shortcuts import render

from xingping.campaigns.models import Campaign
from xingping.core.scoping import get_for_user_or_404
from xingping.orgs import selectors
from xingping.orgs.models import Level, OrgUnit


def index(request):
    """The unit tree, limited to what the user may see (组织机构)."""
    return render(request, "orgs/unit_tree.html", {"roots": selectors.unit_tree(request.user)})


def unit_detail(request, code):
    from xingping.campaigns import selectors as campaign_selectors

    unit = get_for_user_or_404(OrgUnit, request.user, code=code)
    group, team = selectors.group_seats(unit)
    campaign = Campaign.objects.current()
    obligations = campaign_selectors.unit_obligations(campaign, unit) if campaign and unit.level != Level.DEPARTMENT else []
    return render(request, "orgs/unit_detail.html", {
        "unit": unit,
        "ancestors": list(unit.ancestors().for_user(request.user)),
        "children": selectors.children_of(unit),
        "group": group,
        "team": team,
        "staff": list(selectors.unit_staff(unit)),
        "campaign": campaign,
        "obligations": obligations,
    })
