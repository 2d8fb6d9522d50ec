"""Figures computed in the background (django-tasks, database backend; the worker is
`xingping db_worker`): the snapshots too dear for a request at province scale
(selectors.BACKGROUND: the area rollup, the progress chart)."""

import datetime

from django_tasks import task

from xingping.accounts.models import User
from xingping.campaigns.models import Campaign
from xingping.core import snapshots
from xingping.metrics import selectors


@task()
def refresh_snapshot(name, key, campaign_id, day, version, user_id=None):
    """Compute `selectors.BACKGROUND[name]` for the campaign on `day` (YYYY-MM-DD), as seen by
    `user_id` where it matters, and store it as the snapshot `key` with the data `version`
    read when it was asked for."""
    campaign = Campaign.objects.get(pk=campaign_id)
    user = User.objects.get(pk=user_id) if user_id is not None else None
    compute = selectors.BACKGROUND[name]
    snapshots.refresh(key, lambda: compute(campaign, datetime.date.fromisoformat(day), user), version=version)
