"""Dashboard section of the evaluation: state of voting and ballots for the office and
read-only roles; a unit leader sees the unit's result once voting has closed."""

from xingping.accounts.models import Role
from xingping.core.dashboard import register_section
from xingping.orgs.policy import scope_unit
from xingping.evaluation import selectors
from xingping.evaluation.models import UnitResult


@register_section(60)
def evaluation_status(request, campaign):
    user = request.user
    evaluation = selectors.evaluation_for(campaign)
    if evaluation is None:
        return None
    if user.has_role(Role.OFFICE, Role.AUDITOR, Role.INSPECTOR):
        return {"template": "evaluation/dashboard.html", "evaluation": evaluation,
                "tokens": selectors.token_counts(evaluation), "ballots": selectors.ballot_count(evaluation)}
    unit = scope_unit(user)
    if evaluation.is_closed and unit is not None and user.has_role(Role.LEADER):
        result = UnitResult.objects.filter(evaluation=evaluation, unit=unit).select_related("unit").first()
        if result:
            return {"template": "evaluation/dashboard.html", "evaluation": evaluation, "result": result}
    return None
