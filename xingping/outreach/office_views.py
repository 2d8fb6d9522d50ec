"""The office draws the verification sample in the browser (what `xingping sample-visits`
does, through the same service, with the same audit row)."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from xingping.campaigns.models import Campaign
from xingping.orgs.policy import policy_required
from xingping.outreach import services
from xingping.outreach.office_forms import SampleForm
from xingping.outreach.permissions import DRAW_SAMPLE, policy


@policy_required(policy, DRAW_SAMPLE)
def sample(request):
    campaign = Campaign.objects.current()
    form = SampleForm(request.POST or None, initial={
        "campaign": campaign.pk if campaign else None,
        "seed": f"{timezone.localdate():%Y%m%d}"})
    result = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            checks = services.visits_sample(actor=request.user, campaign=d["campaign"], rate=float(d["percent"]) / 100,
                                            seed=d["seed"].strip())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            per_unit = Counter(c.unit for c in checks)
            result = {
                "campaign": d["campaign"], "percent": d["percent"], "seed": d["seed"].strip(), "total": len(checks),
                "uncalled": sum(1 for c in checks if not c.outcome),
                "units": sorted(per_unit.items(), key=lambda item: item[0].path),
            }
    return render(request, "outreach/sample.html", {"form": form, "result": result})
