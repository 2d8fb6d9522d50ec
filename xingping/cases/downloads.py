"""The case list as a download for people (docs/downloads.md): Chinese labels, real dates,
complainants masked (docs/cases.md "Privacy"). The command line keeps C6's codes."""

from django.utils.translation import gettext_lazy as _

from xingping.cases.models import Case
from xingping.cases.privacy import mask_name, mask_phone
from xingping.core.people_tables import Column, field_column

CASE_COLUMNS = [
    field_column(Case, "number"),
    field_column(Case, "kind"),
    field_column(Case, "channel"),
    field_column(Case, "received_on"),
    Column(_("Unit code"), "unit.code"),
    field_column(Case, "unit", get="unit.name"),
    field_column(Case, "status"),
    field_column(Case, "accept_due_on"),
    field_column(Case, "due_on"),
    field_column(Case, "replied_on"),
    field_column(Case, "reply_method"),
    field_column(Case, "named"),
    field_column(Case, "complainant_name", get=lambda c: mask_name(c.complainant_name)),
    field_column(Case, "complainant_phone", get=lambda c: mask_phone(c.complainant_phone)),
    field_column(Case, "title"),
]
