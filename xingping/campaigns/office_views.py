"""The office's page for next year's campaign (from the template, as `xingping campaign new`)."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from xingping.campaigns import services
from xingping.campaigns.office_forms import CampaignNewForm
from xingping.campaigns.permissions import CREATE, policy
from xingping.orgs.policy import policy_required


@policy_required(policy, CREATE)
def campaign_new(request):
    year = timezone.localdate().year + 1
    form = CampaignNewForm(request.POST or None, initial={
        "year": year, "slug": f"c{year}", "first_day": services.template_first_day(year)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = services.campaign_create_for_year(
                actor=request.user, slug=d["slug"], year=d["year"], title=d["title"], first_day=d["first_day"],
                document_numbers=form.document_numbers())
        except ValidationError as exc:
            for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]:
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return render(request, "campaigns/campaign_new_done.html", {
                "campaign": campaign,
                "phases": list(campaign.phases.order_by("order")),
                "deliverable_count": campaign.deliverables.count(),
                "materials": list(campaign.study_materials.order_by("order")),
            })
    return render(request, "campaigns/campaign_new.html", {"form": form, "today": datetime.date.today()})
