"""Display helpers of the public pages."""

import re

from django import template

register = template.Library()

MOBILE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")


@register.filter
def mask_mobiles(text):
    """Mask mobile numbers in published text (139****0000): the public pages show no
    personal phone; a unit's hotline is shown from the unit, never from free text."""
    return MOBILE.sub(r"\1****\2", text or "")


@register.filter
def percent(rate):
    return "—" if rate is None else f"{rate * 100:.1f}%"


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or "" when absent (the unit page's reasons for a missing rate)."""
    return (mapping or {}).get(key, "")
