"""What the management commands share: turning `--campaign SLUG` and `--unit CODE` into
objects, with one clear error when they do not exist."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


#: name -> lookup(value) returning the object or None, and the error message;
#: filled by the apps that own the objects (campaigns, orgs) at start-up — core names none.
_LOOKUPS = {}


def register_lookup(name, lookup, missing):
    """`missing` is a translatable message with `%(value)r` (shown on stderr when nothing matches)."""
    _LOOKUPS[name] = (lookup, missing)


def _arg(name, value):
    if not value:
        return None
    lookup, missing = _LOOKUPS[name]
    obj = lookup(value)
    if obj is None:
        raise CommandError(missing % {"value": value})
    return obj


def campaign_arg(slug):
    """The campaign named by `--campaign SLUG` (None when not given)."""
    return _arg("campaign", slug)


def unit_arg(code):
    """The unit named by `--unit CODE` (None when not given)."""
    return _arg("unit", code)


def date_arg(value, option="--as-of"):
    """A YYYY-MM-DD option as a date (None when not given)."""
    if not value:
        return None
    from xingping.core.dates import parse_iso_date

    try:
        return parse_iso_date(value)
    except ValueError:
        raise CommandError(_("%(option)s must be a date YYYY-MM-DD, got %(value)r.") % {"option": option, "value": value})
