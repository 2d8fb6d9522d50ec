"""The unit tree picker: {% unit_picker units selected %} (issue 13, part 6).

A <select> of the units given (the ones the user may see, from the view's selector),
indented by depth in tree order, with a search box that narrows the options as one types
(static/js/xingping.js, `data-xp-option-search`). Without script it is a plain select; it
needs nothing from the internet. The value is the unit's code; the list filters by the
unit and everything below it."""

from django import template

register = template.Library()

INDENT = "\u3000"  # a full-width space per level below the top unit shown


@register.inclusion_tag("orgs/partials/unit_picker.html")
def unit_picker(units, selected="", name="unit", field_id=None, label=None, all_label=None, autosubmit=False,
                blank=True):
    units = sorted(units, key=lambda u: u.path)
    top = min((u.depth for u in units), default=0)
    field_id = field_id or f"f-{name}"
    selected = getattr(selected, "code", selected) or ""
    return {
        "options": [(u.code, INDENT * (u.depth - top) + ("└ " if u.depth > top else "") + u.name, u.code == selected)
                    for u in units],
        "name": name, "field_id": field_id, "blank": blank, "label": label, "all_label": all_label, "autosubmit": autosubmit,
        "searchable": len(units) > 8,
    }
