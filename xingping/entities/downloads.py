"""The entity list as a download for people (docs/downloads.md); `xingping export
entities` keeps C2's codes."""

from django.utils.translation import pgettext_lazy

from xingping.core.people_tables import Column, field_column
from xingping.entities.models import MarketEntity

VALUES = ("uscc", "name", "kind", "status", "unit__code", "unit__name", "responsible__last_name",
          "responsible__first_name", "responsible__username", "registered_on", "deregistered_on", "address")


def _person(row):
    full = f"{row['responsible__last_name'] or ''}{row['responsible__first_name'] or ''}".strip()
    return full or row["responsible__username"] or ""


def _c(label):
    return pgettext_lazy("entity column", label)


ENTITY_COLUMNS = [
    field_column(MarketEntity, "uscc", label=_c("USCC")),
    field_column(MarketEntity, "name", label=_c("Entity name")),
    field_column(MarketEntity, "kind", label=_c("Kind")),
    field_column(MarketEntity, "status", label=_c("Status")),
    Column(_c("Unit code"), "unit__code"),
    field_column(MarketEntity, "unit", get="unit__name", label=_c("Supervising unit")),
    field_column(MarketEntity, "responsible", get=_person, label=_c("Responsible staff member")),
    field_column(MarketEntity, "registered_on", label=_c("Registered on")),
    field_column(MarketEntity, "deregistered_on", label=_c("Deregistered on")),
    field_column(MarketEntity, "address", label=_c("Address")),
]


def entity_rows(qs, limit=200000):
    """The rows ENTITY_COLUMNS read: one query, no model instances."""
    return qs.values(*VALUES)[:limit].iterator(chunk_size=2000)


# the entities behind a figure (metrics drill-down): model instances with unit and responsible
DRILLDOWN_COLUMNS = [
    field_column(MarketEntity, "uscc", label=_c("USCC")),
    field_column(MarketEntity, "name", label=_c("Entity name")),
    field_column(MarketEntity, "kind", label=_c("Kind")),
    field_column(MarketEntity, "status", label=_c("Status")),
    Column(_c("Unit code"), "unit.code"),
    field_column(MarketEntity, "unit", get="unit.name", label=_c("Supervising unit")),
    field_column(MarketEntity, "responsible", get=lambda e: e.responsible.display_name if e.responsible else "",
                 label=_c("Responsible staff member")),
]
