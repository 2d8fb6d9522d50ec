"""The visit and opinion lists as downloads for people (docs/downloads.md); `xingping
export visits` keeps C3's codes."""

from django.utils.translation import pgettext_lazy

from xingping.core.people_tables import Column, field_column
from xingping.outreach.models import Visit


def _c(label):
    return pgettext_lazy("visit column", label)


def _person(user):
    return user.display_name if user is not None else ""


def visit_columns(*, flags, flag_labels, can_check):
    """The visit list's columns. `flags`: the automatic flags the reader may see, shown by
    their labels; the verification column only for those who see checks."""
    columns = [
        Column(_c("USCC"), "entity.uscc"),
        field_column(Visit, "entity", get="entity.name", label=_c("Market entity")),
        field_column(Visit, "visitor", get=lambda v: _person(v.visitor), label=_c("Visitor")),
        Column(_c("Unit code"), "unit.code"),
        field_column(Visit, "unit", get="unit.name", label=_c("Visiting unit")),
        field_column(Visit, "visited_on", label=_c("Visited on")),
        field_column(Visit, "kind", label=_c("Kind")),
        field_column(Visit, "method", label=_c("Method")),
    ]
    if can_check:
        columns.append(field_column(Visit, "verification", label=_c("Verification")))
    columns += [
        Column(_c("Flags"), lambda v: "；".join(str(flag_labels[f]) for f in flags if getattr(v, f, False))),
        field_column(Visit, "entered_by", get=lambda v: _person(v.entered_by), label=_c("Entered by")),
        field_column(Visit, "entered_at", label=_c("Entered at")),
    ]
    return columns


OPINION_COLUMNS = [
    Column(_c("Visit number"), "pk"),
    Column(_c("USCC"), "entity.uscc"),
    field_column(Visit, "entity", get="entity.name", label=_c("Market entity")),
    Column(_c("Unit code"), "unit.code"),
    field_column(Visit, "unit", get="unit.name", label=_c("Visiting unit")),
    field_column(Visit, "visited_on", label=_c("Visited on")),
    field_column(Visit, "visitor", get=lambda v: _person(v.visitor), label=_c("Visitor")),
    field_column(Visit, "opinions", label=_c("Opinions")),
    field_column(Visit, "suggestions", label=_c("Suggestions")),
]
