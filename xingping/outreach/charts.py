"""The visits of the campaign week by week (issue 13 part 7), counted in the database."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncWeek

from xingping.outreach.models import Visit, VisitKind


def campaign_weeks(campaign, until):
    """The Mondays of the campaign's weeks, from the week of its first day to the week of
    `until` (or of its last day, whichever is earlier)."""
    last = min(until, campaign.last_day)
    monday = campaign.first_day - datetime.timedelta(days=campaign.first_day.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)
    return weeks


def visits_by_week(campaign, user, until):
    """(weeks, {kind: [visits recorded in each week]}) of the visits `user` may see, made
    between the campaign's first day and `until`: one grouped query."""
    weeks = campaign_weeks(campaign, until)
    counts = {kind: [0] * len(weeks) for kind in VisitKind.values}
    if not weeks:
        return weeks, counts
    last = min(until, campaign.last_day)
    rows = (Visit.objects.for_user(user).filter(visited_on__gte=campaign.first_day, visited_on__lte=last)
            .annotate(week=TruncWeek("visited_on")).order_by().values("week", "kind").annotate(n=Count("pk")))
    index = {w: i for i, w in enumerate(weeks)}
    for r in rows:
        week = r["week"].date() if isinstance(r["week"], datetime.datetime) else r["week"]
        if week in index and r["kind"] in counts:
            counts[r["kind"]][index[week]] = r["n"]
    return weeks, counts
