"""Case deadlines (C6) from the campaign's rules (`campaign.rules["case_deadlines"]`), on
the working-day calendar of `core/calendar.py` plus the office's holiday overrides."""

from django.utils.translation import gettext as _

from xingping.core.calendar import WorkingCalendar, add_period


def get_calendar():
    """The official calendar plus every office-entered override (one query)."""
    from xingping.cases.models import HolidayOverride

    return WorkingCalendar(dict(HolidayOverride.objects.values_list("day", "is_workday")))


def default_rules():
    from xingping.campaigns.services import load_template

    return load_template()["case_deadlines"]


def rules_for(campaign):
    """`case_deadlines` of the campaign, else of the current campaign, else of the template."""
    if campaign is None:
        from xingping.campaigns.models import Campaign

        campaign = Campaign.objects.current()
    rules = (campaign.rules.get("case_deadlines") if campaign is not None else None) or default_rules()
    return rules


def disclosure_rule(campaign):
    """The rules of requests for disclosure: the template's, overridden key by key by the
    campaign's (a campaign created before a key existed keeps the template's value for it)."""
    base = default_rules().get("disclosure_request") or {}
    return {**base, **(rules_for(campaign).get("disclosure_request") or {})}


def compute(case, cal, rules, restart_on=None):
    """Set `accept_due_on`, `due_on`, `next_due_on` and `calendar_estimated` on `case`
    (not saved).

    The due date counts from the acceptance when the rule says `"from": "accepted"` (while
    not yet accepted: from receipt); `restart_on` (a reopening) restarts the reply clock."""
    rule = rules.get(case.kind) or {}
    start = case.received_on
    accept = rule.get("accept")
    case.accept_due_on = add_period(cal, start, accept) if accept else None
    due = rule.get("due")
    if due:
        origin = start
        if due.get("from") == "accepted" and case.accepted_on:
            origin = case.accepted_on
        if due.get("from") == "supplemented":
            # 依申请公开 (C6): the later of receipt and the supplement, plus the one extension
            # and the working days of third-party consultation (art. 32: not counted)
            origin = max(start, case.supplemented_on or start)
            extra = int(case.extended_wd or 0) + int(case.consult_wd or 0)
            due = {**due, "days": int(due.get("days", 0)) + extra}
        if restart_on:
            origin = restart_on
        case.due_on = add_period(cal, origin, due)
    else:
        case.due_on = None
    last = max(d for d in (case.accept_due_on, case.due_on, start) if d)
    case.calendar_estimated = bool(cal.unknown_years(start, last))
    return case.refresh_next_due()


def calendar_warning(cal, start, end):
    """The visible warning for deadlines counted Monday–Friday, or ""."""
    years = cal.unknown_years(start, end)
    if not years:
        return ""
    return _(
        "The official calendar does not know %(years)s yet: working days there are counted "
        "Monday–Friday until the office enters that year's holidays."
    ) % {"years": ", ".join(str(y) for y in years)}
