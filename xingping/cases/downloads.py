"""The case list as a download for people (docs/downloads.md): Chinese labels, real dates,
complainants masked (docs/cases.md "Privacy"). The command line keeps C6's codes."""

from django.utils.translation import pgettext_lazy

from xingping.cases.models import Case
from xingping.cases.privacy import mask_name, mask_phone
from xingping.core.people_tables import Column, field_column


def _c(label):
    return pgettext_lazy("case column", label)


CASE_COLUMNS = [
    field_column(Case, "number", label=_c("Case number")),
    field_column(Case, "kind", label=_c("Kind")),
    field_column(Case, "channel", label=_c("Channel")),
    field_column(Case, "received_on", label=_c("Received on")),
    Column(_c("Unit code"), "unit.code"),
    field_column(Case, "unit", get="unit.name", label=_c("Handling unit")),
    field_column(Case, "status", label=_c("Status")),
    field_column(Case, "accept_due_on", label=_c("Accept by")),
    field_column(Case, "due_on", label=_c("Due on")),
    field_column(Case, "replied_on", label=_c("Replied on")),
    field_column(Case, "reply_method", label=_c("Reply method")),
    field_column(Case, "named", label=_c("Named")),
    field_column(Case, "complainant_name", get=lambda c: mask_name(c.complainant_name), label=_c("Complainant")),
    field_column(Case, "complainant_phone", get=lambda c: mask_phone(c.complainant_phone),
                 label=_c("Complainant's phone")),
    field_column(Case, "title", label=_c("Subject")),
]
