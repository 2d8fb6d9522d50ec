"""The unit tree picker: {% unit_picker units selected %} (issue 13, part 6).

A <select> of the units given (the ones the user may see, from the view's selector),
indented by depth in tree order, with a search box that narrows the options as one types
(static/js/xingping.js, `data-xp-option-search`). Without script it is a plain select; it
needs nothing from the internet. The value is the unit's code; the list filters by the
unit and everything below it.

More than `orgs.picker.PICKER_THRESHOLD` units are not listed: the picker is a search box
whose suggestions come from `orgs:unit-options` (the same scope, `orgs.policy.visible_units`;
`evaluated=True` for the lists that leave departments out), with the chosen unit's name shown
under it. The value submitted is still the code."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from xingping.orgs.picker import SearchInput, is_large, unit_label

register = template.Library()

INDENT = "\u3000"  # a full-width space per level below the top unit shown


@register.inclusion_tag("orgs/partials/unit_picker.html")
def unit_picker(units, selected="", name="unit", field_id=None, label=None, all_label=None, autosubmit=False,
                blank=True, evaluated=False):
    field_id = field_id or f"f-{name}"
    selected = getattr(selected, "code", selected) or ""
    context = {"name": name, "field_id": field_id, "blank": blank, "label": label, "all_label": all_label,
               "autosubmit": autosubmit}
    if is_large(units):
        return {**context, "search": _search_box(units, selected, name, field_id, autosubmit, evaluated)}
    units = sorted(units, key=lambda u: u.path)
    top = min((u.depth for u in units), default=0)
    return {
        **context,
        "options": [(u.code, INDENT * (u.depth - top) + ("└ " if u.depth > top else "") + u.name, u.code == selected)
                    for u in units],
        "searchable": len(units) > 8,
    }


def _search_box(units, selected, name, field_id, autosubmit, evaluated):
    def label_for(code):
        if hasattr(units, "query"):
            unit = units.filter(code=code).first()
        else:
            unit = next((u for u in units if u.code == code), None)
        return unit_label(unit) if unit is not None else ""

    url = reverse("orgs:unit-options") + ("?evaluated=1" if evaluated else "")
    attrs = {"id": field_id, "class": "form-control form-control-sm", "placeholder": _("Type a unit's name or code")}
    if autosubmit:
        attrs["data-autosubmit"] = ""
    return SearchInput(url, label_for=label_for).render(name, selected, attrs=attrs)
