"""Unit pages: the tree (scoped) and a unit's detail (thin views; reads in selectors)."""

from django.shortcuts import render

from xingping.campaigns.models import Campaign
from xingping.orgs.permissions import policy
from xingping.orgs.policy import VIEW, get_for_user_or_404, policy_required
from xingping.orgs import picker, selectors
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


def _search_text(request):
    """What was typed: `q`, or the picker's own field (HTMX sends the input as `field=…&unit=…`)."""
    field = request.GET.get("field", "")[:40]
    return request.GET.get("q") or (request.GET.get(field, "") if field.isidentifier() else "")


@policy_required(policy, VIEW)
def unit_options(request):
    """Search-as-you-type suggestions for a unit picker (orgs.picker): the units the user may
    see whose name or code holds the text, at most PICKER_LIMIT (`evaluated=1`: no
    departments, for the lists that leave them out)."""
    units = picker.picker_units(request.user)
    if request.GET.get("evaluated"):
        units = units.exclude(level=Level.DEPARTMENT)
    found = picker.search_units(units, _search_text(request))
    return render(request, "orgs/partials/picker_options.html", {"options": [(u.code, picker.unit_label(u)) for u in found]})


@policy_required(policy, VIEW)
def staff_options(request):
    """Search-as-you-type suggestions for a staff picker: the active staff of the units the user
    may see whose name or username holds the text, at most PICKER_LIMIT."""
    found = picker.search_staff(picker.picker_staff(request.user), _search_text(request))
    return render(request, "orgs/partials/picker_options.html",
                  {"options": [(u.username, picker.staff_label(u)) for u in found]})
