"""What the management commands share: turning `--campaign SLUG` and `--unit CODE` into
objects, with one clear error when they do not exist."""

from django.core.management.base import CommandError


def campaign_arg(slug):
    """The campaign named by `--campaign SLUG` (None when not given)."""
    if not slug:
        return None
    from xingping.campaigns.models import Campaign

    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise CommandError(f"no campaign {slug!r} (活动不存在); see `xingping campaign list`")
    return campaign


def unit_arg(code):
    """The unit named by `--unit CODE` (None when not given)."""
    if not code:
        return None
    from xingping.orgs.models import OrgUnit

    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(f"no unit {code!r} (单位不存在)")
    return unit


def date_arg(value, option="--as-of"):
    """A YYYY-MM-DD option as a date (None when not given)."""
    if not value:
        return None
    from xingping.core.dates import parse_iso_date

    try:
        return parse_iso_date(value)
    except ValueError:
        raise CommandError(f"{option} must be YYYY-MM-DD, got {value!r} (日期格式应为 YYYY-MM-DD)")
