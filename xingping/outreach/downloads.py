"""The visit and opinion lists as downloads for people (docs/downloads.md); `xingping
export visits` keeps C3's codes."""

from django.utils.translation import gettext_lazy as _

from xingping.core.people_tables import Column, field_column
from xingping.outreach.models import Visit


def _person(user):
    return user.display_name if user is not None else ""


def visit_columns(*, flags, flag_labels, can_check):
    """The visit list's columns. `flags`: the automatic flags the reader may see, shown by
    their labels; the verification column only for those who see checks."""
    columns = [
        Column(_("USCC"), "entity.uscc"),
        field_column(Visit, "entity", get="entity.name"),
        field_column(Visit, "visitor", get=lambda v: _person(v.visitor)),
        Column(_("Unit code"), "unit.code"),
        field_column(Visit, "unit", get="unit.name"),
        field_column(Visit, "visited_on"),
        field_column(Visit, "kind"),
        field_column(Visit, "method"),
    ]
    if can_check:
        columns.append(field_column(Visit, "verification"))
    columns += [
        Column(_("Flags"), lambda v: "；".join(str(flag_labels[f]) for f in flags if getattr(v, f, False))),
        field_column(Visit, "entered_by", get=lambda v: _person(v.entered_by)),
        field_column(Visit, "entered_at"),
    ]
    return columns


OPINION_COLUMNS = [
    Column(_("Visit number"), "pk"),
    Column(_("USCC"), "entity.uscc"),
    field_column(Visit, "entity", get="entity.name"),
    Column(_("Unit code"), "unit.code"),
    field_column(Visit, "unit", get="unit.name"),
    field_column(Visit, "visited_on"),
    field_column(Visit, "visitor", get=lambda v: _person(v.visitor)),
    field_column(Visit, "opinions"),
    field_column(Visit, "suggestions"),
]
