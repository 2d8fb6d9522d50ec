"""The entity list as a download for people (docs/downloads.md); `xingping export
entities` keeps C2's codes."""

from django.utils.translation import gettext_lazy as _

from xingping.core.people_tables import Column, field_column
from xingping.entities.models import MarketEntity

VALUES = ("uscc", "name", "kind", "status", "unit__code", "unit__name", "responsible__last_name",
          "responsible__first_name", "responsible__username", "registered_on", "deregistered_on", "address")


def _person(row):
    full = f"{row['responsible__last_name'] or ''}{row['responsible__first_name'] or ''}".strip()
    return full or row["responsible__username"] or ""


ENTITY_COLUMNS = [
    field_column(MarketEntity, "uscc"),
    field_column(MarketEntity, "name", label=_("Entity name")),
    field_column(MarketEntity, "kind"),
    field_column(MarketEntity, "status"),
    Column(_("Unit code"), "unit__code"),
    field_column(MarketEntity, "unit", get="unit__name"),
    field_column(MarketEntity, "responsible", get=_person),
    field_column(MarketEntity, "registered_on"),
    field_column(MarketEntity, "deregistered_on"),
    field_column(MarketEntity, "address"),
]


def entity_rows(qs, limit=200000):
    """The rows ENTITY_COLUMNS read: one query, no model instances."""
    return qs.values(*VALUES)[:limit].iterator(chunk_size=2000)


# the entities behind a figure (metrics drill-down): model instances with unit and responsible
DRILLDOWN_COLUMNS = [
    field_column(MarketEntity, "uscc"),
    field_column(MarketEntity, "name", label=_("Entity name")),
    field_column(MarketEntity, "kind"),
    field_column(MarketEntity, "status"),
    Column(_("Unit code"), "unit.code"),
    field_column(MarketEntity, "unit", get="unit.name"),
    field_column(MarketEntity, "responsible", get=lambda e: e.responsible.display_name if e.responsible else ""),
]
