"""Correcting a visit record (更正, issue 13 part 10c): the recorder, with a reason, within the
campaign's rules. Who may is `outreach.permissions.policy` (CORRECT); the rules and the audit
are in `services.visit_correct`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xingping.campaigns.models import Campaign
from xingping.orgs.policy import get_for_user_or_404
from xingping.outreach import services
from xingping.outreach.forms import VisitCorrectionForm
from xingping.outreach.models import Visit
from xingping.outreach.permissions import CORRECT, policy


def visit_correct(request, pk):
    visit = get_for_user_or_404(policy, request.user, CORRECT,
                                queryset=Visit.objects.select_related("entity", "visitor", "unit"), pk=pk)
    campaign = Campaign.objects.current()
    refusal = services.visit_correction_refusal(visit=visit, campaign=campaign)
    form = VisitCorrectionForm(request.POST or None, visit=visit)
    status = 200
    if request.method == "POST" and not refusal:
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.visit_correct(actor=request.user, visit=visit, campaign=campaign, reason=d["reason"],
                                       visited_on=d["visited_on"], method=d["method"], answers=form.answers(),
                                       opinions=d["opinions"], suggestions=d["suggestions"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The visit record was corrected; the values before are kept in its history."))
                return redirect("outreach:visit-detail", pk=visit.pk)
        status = 400
    return render(request, "outreach/visit_correct.html", {"visit": visit, "form": form, "refusal": refusal},
                  status=status)
